/**
 * The hub's two listeners, built and `ready()` but not listening:
 * - the public one (`app`): the shared static files and the proxy to each session's
 *   server come first, then the visitor, operations and OpenAPI routes under `basePath`;
 *   WebSocket upgrades go to the proxy (404 for no route);
 * - the admin one (`adminApp`): the dashboard and the cookie-authenticated admin API,
 *   an origin of its own that no page may frame; it refuses every upgrade.
 * Both put their routes into one OpenAPI document, served on the public listener, and
 * count wrong admin tokens per address together. `proxy` is returned so that shutdown
 * can close its tunnels.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { logProxied } from '../http/access-log.js';
import { ADMIN_FAILURES_PER_MINUTE } from '../http/admin/authorize.js';
import { duplicateHostUpgradeReply, hasDuplicateHost } from '../http/duplicate-host.js';
import type { HubContext } from '../http/hub-context.js';
import { OpenApiCollector, registerOpenApi } from '../http/openapi/openapi-document.js';
import { OriginPolicy } from '../http/origin-policy.js';
import { registerAdminRoutes, registerRoutes } from '../http/routes.js';
import { securityHeaders } from '../http/security-headers.js';
import { StaticCompressor } from '../proxy/compressed-static.js';
import { hubProxy, type HubProxy } from '../proxy/hub-proxy.js';
import { RateLimiter } from '../sessions/rate-limit.js';
import { serveSharedStatic } from '../static/serve-shared-static.js';
import type { StaticCopies } from '../static/static-copies.js';
import { fastifyApp } from './fastify-app.js';
import { hubVersion } from './hub-version.js';

export interface HubListeners {
  readonly app: FastifyInstance;
  readonly adminApp: FastifyInstance;
  readonly proxy: HubProxy;
}

const notFoundUpgradeReply = 'HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n';

export async function buildListeners(
  ctx: HubContext,
  sharedStatic: StaticCopies | undefined,
): Promise<HubListeners> {
  const { config, clock, log, metrics, origins } = ctx;
  const proxy: HubProxy = hubProxy(ctx, securityHeaders(origins));
  // Wrong admin tokens are counted per address across both listeners.
  const adminFailures = new RateLimiter(clock, () => ADMIN_FAILURES_PER_MINUTE);
  const prefix = config.basePath.replace(/\/$/, '');
  // Both listeners' routes go into one OpenAPI document, served on the public one.
  const openapi = new OpenApiCollector();
  const staticServer = sharedStatic && {
    copies: sharedStatic,
    compressor: new StaticCompressor(),
    headers: securityHeaders(origins),
  };
  const app = fastifyApp(log, metrics, openapi, securityHeaders(origins), (req, res) => {
    // The shared static path is answered by the hub itself, never by a session's server.
    if (staticServer && serveSharedStatic(staticServer, req, res)) return true;
    if (!proxy.handleRequest(req, res)) return false;
    logProxied(log, req, res);
    return true;
  });
  app.server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    if (hasDuplicateHost(req)) socket.end(duplicateHostUpgradeReply);
    else if (proxy.handleUpgrade(req, socket, head)) logProxied(log, req, null);
    else socket.end(notFoundUpgradeReply);
  });
  await app.register(
    async (scoped) => {
      registerRoutes(scoped, ctx, adminFailures);
      registerOpenApi(scoped, openapi, config.basePath, hubVersion);
    },
    { prefix },
  );
  await app.ready();

  const adminOrigins = new OriginPolicy(config.adminUrl, null, []);
  const adminApp = fastifyApp(
    log,
    metrics,
    openapi,
    { ...securityHeaders(adminOrigins), 'Content-Security-Policy': "frame-ancestors 'none'" },
    () => false,
  );
  adminApp.server.on('upgrade', (req: IncomingMessage, socket) =>
    socket.end(hasDuplicateHost(req) ? duplicateHostUpgradeReply : notFoundUpgradeReply),
  );
  const adminCtx: HubContext = { ...ctx, origins: adminOrigins };
  const adminSecure = config.adminUrl?.startsWith('https:') ?? false;
  await adminApp.register(
    async (scoped) => registerAdminRoutes(scoped, adminCtx, adminFailures, adminSecure),
    { prefix },
  );
  await adminApp.ready();
  return { app, adminApp, proxy };
}
