import type { Agent, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { OverrideHeaders } from './client-response-headers.js';
import type { StaticCompressor } from './compressed-static.js';
import type { HeadersDeadlines } from './headers-deadlines.js';
import type { ForwardedFrom } from './upstream-request-headers.js';

/** What the forwarding functions share; built once by `createProxy`. */
export interface ProxyRuntime {
  /** One keep-alive agent for every upstream: Node pools its sockets per host:port. */
  readonly agent: Agent;
  readonly hubCookieNames: readonly string[];
  /** `{basePath}user/`: a session's base URL is this plus `<id>/`. */
  readonly userPrefix: string;
  /** Compresses versioned static files (static-assets.ts). */
  readonly staticCompressor: StaticCompressor;
  /** Aborts upstream requests that get no answer (headers or upgrade) in time. */
  readonly deadlines: HeadersDeadlines;
  /** Open WebSocket tunnels by client socket, so `close()` can end them. */
  readonly tunnels: Map<Duplex, Tunnel>;
  /** The hub's response headers, prepared. */
  overrides(): OverrideHeaders;
  /** `ctx.recordActivity`, never throwing into a socket's event handler. */
  recordActivity(sessionId: string): void;
  /** Logs quietly and tells the hub (`ctx.upstreamFailed`). */
  upstreamFailed(sessionId: string, stage: string, error: unknown): void;
}

/** An open WebSocket tunnel. */
export interface Tunnel {
  /** Ends the tunnel with a close frame (1001, going away) at the next frame boundary. */
  goAway(): void;
}

/** The client's address and scheme, for `X-Forwarded-*`. */
export function forwardedFrom(req: IncomingMessage): ForwardedFrom {
  const socket = req.socket as { remoteAddress?: string; encrypted?: boolean };
  return { address: socket.remoteAddress ?? '', proto: socket.encrypted ? 'https' : 'http' };
}

/** Requests that may be sent again on a fresh connection: no body, no side effects. */
export function isReplayable(req: IncomingMessage): boolean {
  const { method, headers } = req;
  return (
    (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') &&
    headers['transfer-encoding'] === undefined &&
    (headers['content-length'] === undefined || headers['content-length'] === '0')
  );
}

/**
 * A pooled keep-alive socket may be closed by the upstream just as a request is written
 * on it (the server's idle timeout firing): that request fails with ECONNRESET without
 * the server having seen it. Node's documented remedy is to retry such requests.
 */
export function isStaleSocketError(error: unknown, reusedSocket: boolean): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE');
}

/** Marks an upstream that did not answer in time. */
export function headersTimeoutError(): Error {
  return Object.assign(new Error('upstream did not answer in time'), { code: 'ETIMEDOUT' });
}

export const MAX_STALE_RETRIES = 2;
