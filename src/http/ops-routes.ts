/**
 * Operations endpoints, none of which counts as activity or touches a session:
 * - `GET /healthz` (liveness): 200 whenever the process answers HTTP at all. It never
 *   asks the spawner's backend, so an orchestrator does not restart the hub because
 *   Docker is down.
 * - `GET /readyz` (readiness): 200 when the hub can launch a session now (the store
 *   answers; the spawner's backend is reachable and its sandbox usable), else 503 with
 *   what failed; 503 while shutting down.
 * - `GET /metrics`: Prometheus text; with `metricsToken` set, only for
 *   `Authorization: Bearer <metricsToken>` (401 otherwise).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { HubError } from '../errors/hub-error.js';
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

  const metricsToken = ctx.config.metricsToken;
  app.get('/metrics', async (request, reply) => {
    if (metricsToken !== null && !bearerMatches(request.headers.authorization, metricsToken)) {
      reply.header('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new HubError('unauthorized');
    }
    reply.type(ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}

/** Constant time whatever the lengths: both sides are hashed first. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return given !== '' && timingSafeEqual(digest(given), digest(token));
}
