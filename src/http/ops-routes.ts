/** `GET /healthz` (never counts as activity, never touches a session) and `GET /metrics` (Prometheus text). */
import type { FastifyInstance } from 'fastify';
import type { HubContext } from './hub-context.js';

export function registerOpsRoutes(app: FastifyInstance, ctx: HubContext): void {
  app.get('/healthz', async (_request, reply) => {
    reply.header('Cache-Control', 'no-store');
    try {
      await ctx.health.ensure();
      return { status: 'ok', spawner: ctx.manager.deps.spawner.kind };
    } catch (e) {
      reply.code(503);
      const message = e instanceof Error ? e.message : 'unavailable';
      return { status: 'degraded', spawner: ctx.manager.deps.spawner.kind, message };
    }
  });

  app.get('/metrics', async (_request, reply) => {
    reply.type(ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}
