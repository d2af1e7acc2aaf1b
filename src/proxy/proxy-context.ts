/**
 * What the proxy needs from the hub, and nothing more. The proxy owns forwarding
 * (HTTP and WebSocket upgrades for `{basePath}user/<sessionId>/…`); the hub owns who may
 * reach which route. Modelled on configurable-http-proxy: no route → 404, dead upstream
 * → 503 (or a clean WebSocket close), only successful responses and WebSocket frames
 * count as activity (WebSocket control frames do not).
 */
import type { IncomingMessage } from 'node:http';

export interface ProxyRoute {
  readonly sessionId: string;
  /** Upstream origin, e.g. `http://127.0.0.1:41234`. */
  readonly target: string;
  /** Only this visitor's requests are forwarded; everyone else gets 404. */
  readonly ownerVisitorId: string;
  /** Upstream server token, sent as `Authorization: token …`; never shown to browsers. */
  readonly token: string;
}

export interface ProxyContext {
  /** The hub's URL prefix, e.g. `/` or `/jupyter/`. Proxied paths are `{basePath}user/<id>/…`. */
  readonly basePath: string;
  /** The live route of a session, or undefined (not started, ended, unknown). */
  route(sessionId: string): ProxyRoute | undefined;
  /** The visitor id proven by the request's signed cookie, or null. */
  visitorId(req: IncomingMessage): string | null;
  /** Whether a WebSocket upgrade or a state-changing request may come from the request's Origin. */
  originAllowed(req: IncomingMessage): boolean;
  /**
   * Called on every successful (status < 400) response and every WebSocket data frame
   * (not pings, pongs or close frames). Must be cheap.
   */
  recordActivity(sessionId: string): void;
  /** Headers set on every proxied response (replacing upstream's), e.g. the CSP frame-ancestors. */
  responseHeaders(): Readonly<Record<string, string>>;
  /** Told when an upstream refuses or drops a connection, so the hub can poll that server. */
  upstreamFailed(sessionId: string): void;
}
