/**
 * Who may use the admin API: a request with `Authorization: Bearer <admin token>`
 * (compared in constant time), or a browser signed in to the dashboard — its admin
 * cookie, plus a valid `X-CSRF-Token` header on anything but GET/HEAD. A request from a
 * foreign Origin is refused either way. An Authorization header that is present but
 * wrong is 401 even with a good cookie: a client that sends one means to use it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HubError } from '../../errors/hub-error.js';
import type { HubContext } from '../hub-context.js';
import type { AdminLogins } from './admin-logins.js';

export type AdminAuthorizer = (request: FastifyRequest) => void;

export function adminAuthorizer(ctx: HubContext, logins?: AdminLogins): AdminAuthorizer {
  const expected = digest(ctx.secrets.adminToken);
  return (request) => {
    if (!ctx.origins.allowsOptional(request.raw)) throw new HubError('origin_refused');
    const header = request.headers.authorization;
    if (header !== undefined || !logins) {
      const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
      if (!token || !timingSafeEqual(digest(token), expected)) throw new HubError('unauthorized');
      return;
    }
    const login = logins.fromRequest(request.raw);
    if (!login) throw new HubError('unauthorized');
    if (request.method === 'GET' || request.method === 'HEAD') return;
    if (!logins.csrfValid(login, request.headers['x-csrf-token']))
      throw new HubError('forbidden', { message: 'The CSRF token is missing or wrong.' });
  };
}

/** Whether `given` is the admin token, compared in constant time. */
export function adminTokenMatches(ctx: HubContext, given: string): boolean {
  return given !== '' && timingSafeEqual(digest(given), digest(ctx.secrets.adminToken));
}

/** Hashing both sides first makes the comparison constant-time whatever the lengths. */
function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
