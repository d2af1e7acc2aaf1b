/** Every hub route, registered under the configured base path. */
import type { FastifyInstance } from 'fastify';
import { registerPreviewRoutes } from '../preview/index.js';
import { AdminLogins } from './admin/admin-logins.js';
import { adminAuthorizer } from './admin/authorize.js';
import { registerAdminApi } from './admin-api.js';
import { registerAdminHistory } from './admin-history.js';
import { registerAdminPages } from './admin-pages.js';
import type { HubContext } from './hub-context.js';
import { registerOpsRoutes } from './ops-routes.js';
import { registerPages } from './pages.js';
import { previewSources } from './pages/preview-sources.js';
import { registerPublicApi } from './public-api.js';
import { registerSessionDownload } from './session-download.js';
import { registerSessionEvents } from './session-events.js';

/** Browser logins to the admin dashboard last this long. */
const adminLoginSeconds = 30 * 60;

export function registerRoutes(app: FastifyInstance, ctx: HubContext): void {
  const adminLogins = new AdminLogins(ctx.secrets.cookieKey, ctx.secrets.adminToken, ctx.clock, {
    path: ctx.config.basePath,
    secure: ctx.config.publicUrl?.startsWith('https:') ?? false,
    ttlSeconds: adminLoginSeconds,
  });
  registerPublicApi(app, ctx);
  registerSessionEvents(app, ctx);
  registerSessionDownload(app, ctx);
  registerAdminApi(app, ctx, adminLogins);
  registerAdminHistory(app, ctx, adminAuthorizer(ctx, adminLogins));
  registerAdminPages(app, ctx, adminLogins);
  registerOpsRoutes(app, ctx);
  registerPages(app, ctx);
  registerPreviewRoutes(app, previewSources(ctx));
}
