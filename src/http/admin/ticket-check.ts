/**
 * `POST /api/admin/ticket-check {"ticket", "resource_id"}` (admin token): whether the
 * hub would accept this launch ticket — signature, lifetime and resource — without
 * launching anything and without spending its nonce. The CKAN plugin's
 * `ckan jupyternotebook check` signs one with its secret to prove both sides share it.
 * Answers `{"ok": true, "user", "resource_id"}`, or `{"ok": false, "reason", "message"}`
 * (the check that failed, or `no_secret` when the hub has no ticket secret) — 200 either
 * way, so that a 401 always means the admin token.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { checkLaunchTicket } from '../../identity/launch-ticket.js';
import type { HubContext } from '../hub-context.js';

const body = {
  type: 'object',
  additionalProperties: false,
  required: ['ticket', 'resource_id'],
  properties: {
    ticket: { type: 'string', minLength: 1, maxLength: 4096 },
    resource_id: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

export function registerTicketCheck(
  app: FastifyInstance,
  ctx: HubContext,
  authorize: (request: FastifyRequest) => void,
): void {
  app.post('/api/admin/ticket-check', { schema: { body } }, async (request, reply) => {
    authorize(request);
    reply.header('Cache-Control', 'no-store');
    const { ticket, resource_id: resourceId } = request.body as {
      ticket: string;
      resource_id: string;
    };
    const secret = ctx.config.ticketSecret;
    if (!secret) {
      const message = 'This hub has no ticket secret (HUB_TICKET_SECRET).';
      return { ok: false, reason: 'no_secret', message };
    }
    const nowSeconds = Math.floor(ctx.clock.wallMs() / 1000);
    const check = checkLaunchTicket(ticket, { secret, resourceId, nowSeconds });
    if (!check.ok) {
      const message = `The hub refuses this ticket (${check.error}).`;
      return { ok: false, reason: check.error, message };
    }
    return { ok: true, user: check.payload.user, resource_id: check.payload.resource_id };
  });
}
