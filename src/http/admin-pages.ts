/**
 * The admin dashboard in the browser:
 *   GET  {base}admin          the dashboard when signed in, else the sign-in form
 *   POST {base}admin/login    form field `token`; sets the admin cookie, 303 to the dashboard
 *   POST {base}admin/logout   with `X-CSRF-Token`; ends the login, clears the cookie
 * Pages may not be framed (clickjacking) and are never cached.
 */
import type { FastifyInstance } from 'fastify';
import { HubError } from '../errors/hub-error.js';
import type { AdminLogins } from './admin/admin-logins.js';
import { adminTokenMatches } from './admin/authorize.js';
import { sendDashboard } from './admin/dashboard-page.js';
import { sendLoginPage } from './admin/login-page.js';
import type { HubContext } from './hub-context.js';
import { textFor } from './pages/page-language.js';
import { RateLimiter } from '../sessions/rate-limit.js';
import { clientAddress } from './visitor-request.js';

const LOGIN_ATTEMPTS_PER_MINUTE = 10;

export function registerAdminPages(
  app: FastifyInstance,
  ctx: HubContext,
  logins: AdminLogins,
): void {
  const base = ctx.config.basePath;
  // Guessing a 43-character token is hopeless anyway; this keeps the log quiet too.
  const loginAttempts = new RateLimiter(ctx.clock, () => LOGIN_ATTEMPTS_PER_MINUTE);

  app.get('/admin', async (request, reply) => {
    const login = logins.fromRequest(request.raw);
    return login ? sendDashboard(ctx, reply, login) : sendLoginPage(ctx, reply);
  });

  // The sign-in form posts urlencoded; the parser is scoped to these routes only.
  void app.register(async (forms) => {
    forms.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 4096 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );

    forms.post('/admin/login', async (request, reply) => {
      if (!ctx.origins.allowsOptional(request.raw)) throw new HubError('origin_refused');
      const retryAfter = loginAttempts.take(clientAddress(ctx, request));
      if (retryAfter > 0)
        throw new HubError('rate_limited', {
          message: 'Too many sign-in attempts. Try again soon.',
          retryAfterSeconds: retryAfter,
        });
      const { token } = (request.body ?? {}) as { token?: unknown };
      if (typeof token !== 'string' || !adminTokenMatches(ctx, token.trim())) {
        ctx.log.warn('admin sign-in refused');
        return sendLoginPage(ctx, reply, {
          status: 401,
          message: textFor(request).admin.loginFailed,
        });
      }
      const { setCookie } = logins.create();
      ctx.log.info('admin signed in');
      return reply
        .code(303)
        .header('Set-Cookie', setCookie)
        .header('Location', `${base}admin`)
        .send();
    });

    forms.post('/admin/logout', async (request, reply) => {
      if (!ctx.origins.allowsOptional(request.raw)) throw new HubError('origin_refused');
      const login = logins.fromRequest(request.raw);
      if (login && !logins.csrfValid(login, request.headers['x-csrf-token']))
        throw new HubError('forbidden', { message: 'The CSRF token is missing or wrong.' });
      return reply.code(204).header('Set-Cookie', logins.end(login)).send();
    });
  });
}
