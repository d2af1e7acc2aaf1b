import { Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { HubError, type ErrorCode } from '../errors/hub-error.js';
import { admit, type Refusal } from './admission.js';
import { prepareOverrides, type OverrideHeaders } from './client-response-headers.js';
import { StaticCompressor } from './compressed-static.js';
import { rejectUpgrade, replyWithError } from './error-replies.js';
import { createFailureLog, type ProxyLog } from './failure-log.js';
import { forwardHttp } from './forward-http.js';
import { forwardUpgrade } from './forward-upgrade.js';
import type { ProxyContext } from './proxy-context.js';
import { headersTimeoutError, type ProxyRuntime } from './proxy-runtime.js';
import { HeadersDeadlines } from './headers-deadlines.js';
import { matchSessionPath, type SessionPathMatch } from './session-path.js';

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
  /** Ends every tunnel (close frame 1001) and pooled connection; later requests get 503. */
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
    userPrefix,
    staticCompressor: new StaticCompressor(),
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

  const serveRequest = (req: IncomingMessage, res: ServerResponse, match: SessionPathMatch) => {
    if (closed) return reply(req, res, new HubError('server_unavailable'));
    if (match.kind !== 'session') return reply(req, res, new HubError('not_found'));
    if (isShutdown(req, `${userPrefix}${match.sessionId}/`)) {
      // A visitor ends a session through the hub (which frees the slot and says why), not
      // by shutting the server down under it; Notebook 6 cannot switch this endpoint off.
      return reply(
        req,
        res,
        new HubError('forbidden', { message: 'Use "End session" to end the session.' }),
      );
    }
    const admission = admit(ctx, req, match.sessionId, false);
    if (admission.ok) {
      return forwardHttp(rt, req, res, match.sessionId, admission.route.token, admission.target);
    }
    if (admission.refusal === 'bad_target') {
      rt.upstreamFailed(match.sessionId, 'target', new Error('unsupported target'));
    }
    reply(req, res, new HubError(HTTP_REFUSALS[admission.refusal]));
  };

  const serveUpgrade = (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    match: SessionPathMatch,
  ) => {
    if (closed) return rejectUpgrade(socket, 503);
    if (match.kind !== 'session') return rejectUpgrade(socket, 404);
    const admission = admit(ctx, req, match.sessionId, true);
    if (admission.ok) {
      const { route, target } = admission;
      return forwardUpgrade(rt, req, socket, head, match.sessionId, route.token, target);
    }
    if (admission.refusal === 'bad_target') {
      rt.upstreamFailed(match.sessionId, 'target', new Error('unsupported target'));
    }
    rejectUpgrade(socket, UPGRADE_REFUSALS[admission.refusal]);
  };

  return {
    handleRequest(req, res) {
      const match = matchSessionPath(req.url ?? '', userPrefix);
      if (match.kind === 'outside') return false;
      try {
        serveRequest(req, res, match);
      } catch (error) {
        // The hub's callbacks threw: answer, never crash the server.
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
        serveUpgrade(req, socket, head, match);
      } catch (error) {
        logFailure('hub', 'upgrade', error);
        rejectUpgrade(socket, 500);
      }
      return true;
    },

    openTunnels: () => rt.tunnels.size,

    close() {
      closed = true;
      for (const tunnel of [...rt.tunnels.values()]) tunnel.goAway();
      rt.deadlines.close();
      agent.destroy();
    },
  };
}

const HTTP_REFUSALS = {
  not_found: 'not_found',
  origin_refused: 'origin_refused',
  not_websocket: 'bad_request',
  bad_target: 'server_unavailable',
} as const satisfies Record<Refusal, ErrorCode>;

const UPGRADE_REFUSALS = {
  not_found: 404,
  origin_refused: 403,
  not_websocket: 400,
  bad_target: 503,
} as const satisfies Record<Refusal, number>;

const stderrLog: ProxyLog = {
  warn: (message, fields) => process.stderr.write(`${message} ${JSON.stringify(fields)}\n`),
};

function ignore(): void {}

function isShutdown(req: IncomingMessage, sessionPrefix: string): boolean {
  if (req.method !== 'POST') return false;
  const url = req.url ?? '';
  const path = url.includes('?') ? url.slice(0, url.indexOf('?')) : url;
  return path === `${sessionPrefix}api/shutdown` || path === `${sessionPrefix}api/shutdown/`;
}
