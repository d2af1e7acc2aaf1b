/**
 * The admin API, behind the listener's authorizer (admin/authorize.ts): the bearer token
 * on both listeners, the dashboard's cookie plus its CSRF header on the admin listener.
 * No CORS headers are ever sent, so browsers on other origins cannot read it.
 *
 *   GET    /api/admin/sessions
 *   DELETE /api/admin/sessions/:id
 *   GET    /api/admin/settings
 *   PUT    /api/admin/settings   any subset; 400 names every bad field
 */
import type { FastifyInstance } from 'fastify';
import { HubError } from '../errors/hub-error.js';
import type { AdminAuthorizer } from './admin/authorize.js';
import type { HubContext } from './hub-context.js';
import { capacity } from './public-api.js';
import { sessionView } from './session-view.js';

export function registerAdminApi(
  app: FastifyInstance,
  ctx: HubContext,
  authorize: AdminAuthorizer,
): void {
  app.get('/api/admin/sessions', async (request, reply) => {
    authorize(request);
    reply.header('Cache-Control', 'no-store');
    const sessions = await Promise.all(
      [...ctx.manager.live.byId.values()].map(async (live) => {
        const usage =
          live.record.spawnerState && ctx.manager.deps.spawner.usage
            ? await ctx.manager.deps.spawner.usage(live.record.spawnerState).catch(() => null)
            : null;
        return {
          ...sessionView(ctx, live.record),
          visitor_kind: live.record.ckanUser ? 'ckan-user' : 'guest',
          ckan_user: live.record.ckanUser,
          client_address: live.record.clientAddress,
          idle_seconds: Math.floor((ctx.clock.nowMs() - live.lastActivityMs) / 1000),
          age_seconds: Math.floor((ctx.clock.wallMs() - live.record.createdAt) / 1000),
          cpu_percent: usage?.cpuPercent ?? null,
          memory_bytes: usage?.memoryBytes ?? null,
          limits: live.record.limits,
        };
      }),
    );
    return { sessions, capacity: capacity(ctx) };
  });

  app.delete('/api/admin/sessions/:id', async (request, reply) => {
    authorize(request);
    const { id } = request.params as { id: string };
    if (!ctx.manager.live.get(id)) throw new HubError('session_not_found');
    await ctx.manager.end(id, 'admin');
    reply.header('Cache-Control', 'no-store');
    return sessionView(ctx, ctx.manager.deps.store.getSession(id)!);
  });

  app.get('/api/admin/settings', async (request) => {
    authorize(request);
    return ctx.settings.get();
  });

  app.put('/api/admin/settings', async (request) => {
    authorize(request);
    const settings = ctx.settings.update(request.body);
    ctx.log.info('settings changed', { settings });
    return settings;
  });
}
