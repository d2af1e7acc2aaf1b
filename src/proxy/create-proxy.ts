import { Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { HubError } from '../errors/hub-error.js';
import { prepareOverrides, type OverrideHeaders } from './client-response-headers.js';
import { rejectUpgrade, replyWithError } from './error-replies.js';
import { createFailureLog, type ProxyLog } from './failure-log.js';
import { forwardHttp } from './forward-http.js';
import { forwardUpgrade } from './forward-upgrade.js';
import type { ProxyContext } from './proxy-context.js';
import { headersTimeoutError, type ProxyRuntime } from './proxy-runtime.js';
import { HeadersDeadlines } from './headers-deadlines.js';
import { matchSessionPath } from './session-path.js';
import { upstreamTarget } from './upstream-target.js';

/** How the proxy behaves, beyond what {@link ProxyContext} gives it. */
export interface ProxyOptions {
  /** Names of the hub's own cookies (the visitor cookie): never sent upstream, never set by upstream. */
  readonly stripCookies: readonly string[];
  /** Time for a session's server to start answering (headers or upgrade); then 503. Default 60 s. */
  readonly headersTimeoutMs?: number;
  /** Upstream failures are logged here, one quiet line each. Default: stderr. */
  readonly log?: ProxyLog;
  /** Keep-alive connections kept open per idle session server. Default 32. */
  readonly maxIdleSocketsPerUpstream?: number;
}

/** The hub's proxy for `{basePath}user/<sessionId>/…`. */
export interface HubProxy {
  /** Call from the server's `request` event. False: not a proxied path, the hub should answer. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /** Call from the server's `upgrade` event. False: not a proxied path, the hub should answer. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Open WebSocket tunnels (one per client socket). */
  openTunnels(): number;
  /** Ends every tunnel and pooled connection; later requests get 503. */
  close(): void;
}

/** Builds the proxy. Nothing listens: the hub calls the handlers from its own server. */
export function createProxy(ctx: ProxyContext, options: ProxyOptions): HubProxy {
  const userPrefix = `${ctx.basePath.endsWith('/') ? ctx.basePath : `${ctx.basePath}/`}user/`;
  const agent = new Agent({
    keepAlive: true,
    maxFreeSockets: options.maxIdleSocketsPerUpstream ?? 32,
    scheduling: 'lifo',
  });
  const logFailure = createFailureLog(options.log ?? stderrLog);
  let overridesSource: Readonly<Record<string, string>> | undefined;
  let overrides: OverrideHeaders = prepareOverrides({});
  let closed = false;
  const rt: ProxyRuntime = {
    agent,
    hubCookieNames: options.stripCookies,
    deadlines: new HeadersDeadlines(options.headersTimeoutMs ?? 60_000, headersTimeoutError),
    tunnels: new Map(),
    overrides() {
      const source = ctx.responseHeaders();
      if (source !== overridesSource) {
        overrides = prepareOverrides(source);
        overridesSource = source;
      }
      return overrides;
    },
    recordActivity(sessionId) {
      try {
        ctx.recordActivity(sessionId);
      } catch (error) {
        logFailure('hub', 'recordActivity', error);
      }
    },
    upstreamFailed(sessionId, stage, error) {
      logFailure(sessionId, stage, error);
      try {
        ctx.upstreamFailed(sessionId);
      } catch (hubError) {
        logFailure('hub', 'upstreamFailed', hubError);
      }
    },
  };

  const reply = (req: IncomingMessage, res: ServerResponse, error: HubError) =>
    replyWithError(req, res, error, rt.overrides().flat);

  /** The route if the request's visitor owns it; one answer for "missing" and "not yours". */
  const ownedRoute = (sessionId: string, req: IncomingMessage) => {
    const route = ctx.route(sessionId);
    if (route === undefined) return undefined;
    const visitorId = ctx.visitorId(req);
    return visitorId !== null && visitorId === route.ownerVisitorId ? route : undefined;
  };

  return {
    handleRequest(req, res) {
      const match = matchSessionPath(req.url ?? '', userPrefix);
      if (match.kind === 'outside') return false;
      try {
        if (closed) return (reply(req, res, new HubError('server_unavailable')), true);
        if (match.kind === 'rejected') return (reply(req, res, new HubError('not_found')), true);
        // A browser always sends Origin on cross-site state-changing requests, so a foreign
        // one is refused here. Requests without Origin come from non-browser clients (or
        // same-origin navigations in old browsers); they still need the visitor cookie,
        // and its SameSite attribute keeps other sites from attaching it.
        if (isStateChanging(req.method) && req.headers.origin !== undefined) {
          if (!ctx.originAllowed(req))
            return (reply(req, res, new HubError('origin_refused')), true);
        }
        const route = ownedRoute(match.sessionId, req);
        if (route === undefined) return (reply(req, res, new HubError('not_found')), true);
        const target = upstreamTarget(route.target);
        if (target === null) {
          rt.upstreamFailed(match.sessionId, 'target', new Error('unsupported target'));
          return (reply(req, res, new HubError('server_unavailable')), true);
        }
        forwardHttp(rt, req, res, match.sessionId, route.token, target);
      } catch (error) {
        logFailure('hub', 'request', error);
        if (!res.headersSent) reply(req, res, new HubError('internal'));
        else res.destroy();
      }
      return true;
    },

    handleUpgrade(req, socket, head) {
      const match = matchSessionPath(req.url ?? '', userPrefix);
      if (match.kind === 'outside') return false;
      socket.on('error', ignore);
      try {
        if (closed) return (rejectUpgrade(socket, 503), true);
        if (match.kind === 'rejected') return (rejectUpgrade(socket, 404), true);
        if (req.method !== 'GET' || req.headers.upgrade?.toLowerCase() !== 'websocket') {
          return (rejectUpgrade(socket, 400), true);
        }
        // Browsers always send Origin with a WebSocket handshake; a missing one is not a browser
        // we can vouch for, and cross-site WebSocket hijacking is exactly what this stops.
        if (req.headers.origin === undefined || !ctx.originAllowed(req)) {
          return (rejectUpgrade(socket, 403), true);
        }
        const route = ownedRoute(match.sessionId, req);
        if (route === undefined) return (rejectUpgrade(socket, 404), true);
        const target = upstreamTarget(route.target);
        if (target === null) {
          rt.upstreamFailed(match.sessionId, 'target', new Error('unsupported target'));
          return (rejectUpgrade(socket, 503), true);
        }
        forwardUpgrade(rt, req, socket, head, match.sessionId, route.token, target);
      } catch (error) {
        logFailure('hub', 'upgrade', error);
        rejectUpgrade(socket, 500);
      }
      return true;
    },

    openTunnels: () => rt.tunnels.size,

    close() {
      closed = true;
      for (const [client, upstream] of rt.tunnels) {
        client.destroy();
        upstream.destroy();
      }
      rt.tunnels.clear();
      rt.deadlines.close();
      agent.destroy();
    },
  };
}

function isStateChanging(method: string | undefined): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}

const stderrLog: ProxyLog = {
  warn: (message, fields) => process.stderr.write(`${message} ${JSON.stringify(fields)}\n`),
};

function ignore(): void {}
