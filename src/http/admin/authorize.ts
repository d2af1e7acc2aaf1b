/**
 * Who may use the admin API.
 *
 * - Everywhere: `Authorization: Bearer <admin token>`, compared in constant time. Failed
 *   tokens are throttled per client address, like the sign-in form: beyond
 *   `failuresPerMinute` the answer is 429 with Retry-After, even for the right token.
 * - Only on the admin listener (when `logins` is given): a browser signed in to the
 *   dashboard — its admin cookie, plus a valid `X-CSRF-Token` header on anything but
 *   GET/HEAD, and, when the browser says where the request comes from
 *   (`Sec-Fetch-Site`), only from the dashboard's own origin.
 *
 * The public listener is given no `logins`: there the admin cookie (which a browser
 * also sends to other ports of the same host) is ignored, so code running in a session's
 * origin has no ambient admin credential to use. A request from a foreign Origin is
 * refused either way. An Authorization header that is present but wrong is 401 even
 * with a good cookie: a client that sends one means to use it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HubError } from '../../errors/hub-error.js';
import type { RateLimiter } from '../../sessions/rate-limit.js';
import type { HubContext } from '../hub-context.js';
import { clientAddress } from '../visitor-request.js';
import type { AdminLogins } from './admin-logins.js';

export type AdminAuthorizer = (request: FastifyRequest) => void;

/** Wrong bearer tokens allowed per client address per minute (as for the sign-in form). */
export const ADMIN_FAILURES_PER_MINUTE = 10;

export function adminAuthorizer(
  ctx: HubContext,
  logins?: AdminLogins,
  failures?: RateLimiter,
): AdminAuthorizer {
  const expected = digest(ctx.secrets.adminToken);
  return (request) => {
    if (!ctx.origins.allowsOptional(request.raw)) throw new HubError('origin_refused');
    const header = request.headers.authorization;
    if (header !== undefined || !logins) {
      const address = failures ? clientAddress(ctx, request) : '';
      if (failures?.exhausted(address)) throw tooManyFailures(failures.retryAfter(address));
      const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
      if (!token || !timingSafeEqual(digest(token), expected)) {
        failures?.take(address);
        throw new HubError('unauthorized');
      }
      return;
    }
    const login = logins.fromRequest(request.raw);
    if (!login) throw new HubError('unauthorized');
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin')
      throw new HubError('forbidden', {
        message: 'The admin API takes the dashboard’s cookie only from the dashboard itself.',
      });
    if (request.method === 'GET' || request.method === 'HEAD') return;
    if (!logins.csrfValid(login, request.headers['x-csrf-token']))
      throw new HubError('forbidden', { message: 'The CSRF token is missing or wrong.' });
  };
}

function tooManyFailures(retryAfterSeconds: number): HubError {
  return new HubError('rate_limited', {
    message: 'Too many wrong admin tokens from this address. Try again soon.',
    retryAfterSeconds,
  });
}

/** Whether `given` is the admin token, compared in constant time. */
export function adminTokenMatches(ctx: HubContext, given: string): boolean {
  return given !== '' && timingSafeEqual(digest(given), digest(ctx.secrets.adminToken));
}

/** Hashing both sides first makes the comparison constant-time whatever the lengths. */
function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
