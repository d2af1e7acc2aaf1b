/**
 * Every hub route, registered under the configured base path, on two listeners (two
 * origins; see README "Security: origins"):
 *
 * - the public listener ({@link registerRoutes}): visitors' pages and API, the sessions'
 *   servers (the proxy, outside Fastify), operations, and the admin API for the bearer
 *   token only — no dashboard, no admin cookie;
 * - the admin listener ({@link registerAdminRoutes}): the dashboard, its sign-in, and the
 *   admin API for the bearer token or the dashboard's cookie plus CSRF token.
 */
import type { FastifyInstance } from 'fastify';
import { HubError } from '../errors/hub-error.js';
import { registerPreviewRoutes } from '../preview/index.js';
import type { RateLimiter } from '../sessions/rate-limit.js';
import { AdminLogins } from './admin/admin-logins.js';
import { adminAuthorizer } from './admin/authorize.js';
import { registerAdminApi } from './admin-api.js';
import { registerAdminHistory } from './admin-history.js';
import { registerAdminPages } from './admin-pages.js';
import type { HubContext } from './hub-context.js';
import { registerOpsRoutes } from './ops-routes.js';
import { registerPages } from './pages.js';
import { previewSources } from './pages/preview-sources.js';
import { registerStaticFiles } from './pages/static-files.js';
import { registerPublicApi } from './public-api.js';
import { registerSessionDownload } from './session-download.js';
import { registerSessionEvents } from './session-events.js';

/** Browser logins to the admin dashboard last this long. */
const adminLoginSeconds = 30 * 60;

/** The public listener's routes. `adminFailures` throttles wrong admin tokens per address. */
export function registerRoutes(
  app: FastifyInstance,
  ctx: HubContext,
  adminFailures: RateLimiter,
): void {
  const authorize = adminAuthorizer(ctx, undefined, adminFailures);
  registerPublicApi(app, ctx);
  registerSessionEvents(app, ctx);
  registerSessionDownload(app, ctx);
  registerAdminApi(app, ctx, authorize);
  registerAdminHistory(app, ctx, authorize);
  app.get('/admin', async () => {
    throw new HubError('not_found', {
      message: 'The admin dashboard has an address of its own (the admin listener, adminPort).',
    });
  });
  registerOpsRoutes(app, ctx);
  registerPages(app, ctx);
  registerPreviewRoutes(app, previewSources(ctx));
}

/** The admin listener's routes; `ctx.origins` is the admin origin's policy. */
export function registerAdminRoutes(
  app: FastifyInstance,
  ctx: HubContext,
  adminFailures: RateLimiter,
  secure: boolean,
): void {
  const logins = new AdminLogins(ctx.secrets.cookieKey, ctx.secrets.adminToken, ctx.clock, {
    path: ctx.config.basePath,
    secure,
    ttlSeconds: adminLoginSeconds,
  });
  const authorize = adminAuthorizer(ctx, logins, adminFailures);
  registerAdminApi(app, ctx, authorize);
  registerAdminHistory(app, ctx, authorize);
  registerAdminPages(app, ctx, logins);
  registerStaticFiles(app);
}
