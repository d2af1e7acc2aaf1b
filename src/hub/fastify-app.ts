/**
 * A Fastify app on its own HTTP server, configured as both listeners use it: one
 * access-log line per request, the hub's error handlers, the given default response
 * headers, replies serialised with plain JSON.stringify, every route recorded for the
 * OpenAPI document. `intercept` sees each request first (the proxy on the public
 * listener) and returns true when it answered; a request with two Host headers never
 * gets that far (400).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { installAccessLog } from '../http/access-log.js';
import { duplicateHostBody, hasDuplicateHost } from '../http/duplicate-host.js';
import { installErrorHandlers } from '../http/errors.js';
import type { OpenApiCollector } from '../http/openapi/openapi-document.js';
import type { Logger } from '../log.js';
import type { HubMetrics } from '../metrics/hub-metrics.js';

export function fastifyApp(
  log: Logger,
  metrics: HubMetrics,
  openapi: OpenApiCollector,
  headers: Readonly<Record<string, string>>,
  intercept: (req: IncomingMessage, res: ServerResponse) => boolean,
): FastifyInstance {
  const app = Fastify({
    loggerInstance: log.pino as FastifyBaseLogger,
    // One access-log line per request (installAccessLog) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
    routerOptions: { maxParamLength: 300 },
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
    serverFactory: (handler) =>
      createServer((req, res) => {
        if (hasDuplicateHost(req)) {
          res.writeHead(400, { 'content-type': 'application/json', connection: 'close' });
          res.end(duplicateHostBody);
        } else if (!intercept(req, res)) handler(req, res);
      }),
  });
  installErrorHandlers(app, log);
  installAccessLog(app, log, metrics);
  app.addHook('onSend', async (_request, reply) => {
    for (const [name, value] of Object.entries(headers))
      if (!reply.hasHeader(name)) reply.header(name, value);
  });
  // Response schemas document the API (OpenAPI); replies stay plain JSON.stringify.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.addHook('onRoute', (route) => openapi.onRoute(route));
  return app;
}
