/**
 * The access log and the request-duration metric: one `request` line per answered API or page request (method, path,
 * status, duration, client address) at info level; health checks and metrics scrapes at
 * debug, as are proxied requests and WebSocket upgrades (`proxied`), which would
 * otherwise drown everything else. Query strings are kept (secret parameters are masked
 * by the logger), headers and bodies never logged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../log.js';
import type { HubMetrics } from '../metrics/hub-metrics.js';

const QUIET = /\/(healthz|readyz|metrics)$/;

export function installAccessLog(app: FastifyInstance, log: Logger, metrics: HubMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const path = request.url;
    // The route pattern, never the raw path: label values stay few.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requestAnswered(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    const quiet = QUIET.test(path.split('?')[0]!);
    if (quiet && !log.debugEnabled) return;
    const fields = {
      method: request.method,
      url: path,
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime),
      ip: request.ip,
    };
    if (quiet) log.debug('request', fields);
    else log.info('request', fields);
  });
}

/** A request or upgrade the proxy took over; `res` is null for an upgrade. */
export function logProxied(log: Logger, req: IncomingMessage, res: ServerResponse | null): void {
  if (!log.debugEnabled) return;
  const startedMs = performance.now();
  const line = (status: number) =>
    log.debug('proxied', {
      method: req.method,
      url: req.url,
      status,
      durationMs: Math.round(performance.now() - startedMs),
      upgrade: res === null,
    });
  if (res) res.once('finish', () => line(res.statusCode));
  else line(101);
}
