/**
 * `GET /api/admin/history?hours=N` (1–48, default 6): launches, ends by reason and launch
 * latency in time buckets, for the dashboard's chart. Same authorization as the admin API.
 * The history is in memory: it starts empty after a hub restart.
 */
import type { FastifyInstance } from 'fastify';
import { HubError } from '../errors/hub-error.js';
import { endReasons } from '../sessions/session.js';
import type { AdminAuthorizer } from './admin/authorize.js';
import { bucketHistory } from './admin/history-buckets.js';
import type { HubContext } from './hub-context.js';

export function registerAdminHistory(
  app: FastifyInstance,
  ctx: HubContext,
  authorize: AdminAuthorizer,
): void {
  app.get('/api/admin/history', async (request, reply) => {
    authorize(request);
    const { hours: raw } = request.query as { hours?: unknown };
    const hours = raw === undefined ? 6 : Number(raw);
    if (typeof raw === 'object' || !Number.isInteger(hours) || hours < 1 || hours > 48)
      throw new HubError('bad_request', {
        field: 'hours',
        message: 'hours must be a whole number from 1 to 48.',
      });
    reply.header('Cache-Control', 'no-store');
    return bucketHistory(ctx.metrics.history, hours, ctx.clock.wallMs(), endReasons);
  });
}
