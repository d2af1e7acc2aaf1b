/** Every hub route, registered under the configured base path. */
import type { FastifyInstance } from 'fastify';
import { registerAdminApi } from './admin-api.js';
import type { HubContext } from './hub-context.js';
import { registerOpsRoutes } from './ops-routes.js';
import { registerPages } from './pages.js';
import { registerPublicApi } from './public-api.js';
import { registerSessionEvents } from './session-events.js';

export function registerRoutes(app: FastifyInstance, ctx: HubContext): void {
  registerPublicApi(app, ctx);
  registerSessionEvents(app, ctx);
  registerAdminApi(app, ctx);
  registerOpsRoutes(app, ctx);
  registerPages(app, ctx);
}
