/**
 * Operations endpoints, none of which counts as activity or touches a session:
 * - `GET /healthz` (liveness): 200 whenever the process answers HTTP at all. It never
 *   asks the spawner's backend, so an orchestrator does not restart the hub because
 *   Docker is down.
 * - `GET /readyz` (readiness): 200 when the hub can launch a session now (the store
 *   answers; the spawner's backend is reachable and its sandbox usable), else 503 with
 *   what failed; 503 while shutting down.
 * - `GET /metrics`: Prometheus text.
 */
import type { FastifyInstance } from 'fastify';
import type { HubContext } from './hub-context.js';

export function registerOpsRoutes(app: FastifyInstance, ctx: HubContext): void {
  app.get('/healthz', async (_request, reply) => {
    reply.header('Cache-Control', 'no-store');
    return { status: 'ok' };
  });

  app.get('/readyz', async (_request, reply) => {
    reply.header('Cache-Control', 'no-store');
    const checks = { store: 'ok', spawner: 'ok' };
    try {
      ctx.manager.deps.store.check();
    } catch {
      checks.store = 'The session store cannot be read.';
    }
    try {
      await ctx.health.ensure();
    } catch (e) {
      checks.spawner = e instanceof Error ? e.message : 'unavailable';
    }
    const closing = ctx.streams.isClosing;
    const ready = !closing && checks.store === 'ok' && checks.spawner === 'ok';
    if (!ready) reply.code(503);
    return {
      status: ready ? 'ready' : closing ? 'shutting-down' : 'not-ready',
      spawner: ctx.manager.deps.spawner.kind,
      checks,
    };
  });

  app.get('/metrics', async (_request, reply) => {
    reply.type(ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}
