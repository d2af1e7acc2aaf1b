import { connectionListed, isHopByHop } from './hop-by-hop.js';
import { stripCookies } from './strip-cookies.js';

/** Where the request came from, for the `X-Forwarded-*` headers. */
export interface ForwardedFrom {
  readonly address: string;
  readonly proto: 'http' | 'https';
}

/** What the upstream request headers are built from, besides the client's. */
export interface UpstreamHeaderOptions {
  /** The session's server token, sent as `Authorization: token …`. */
  readonly token: string;
  /** The hub's own cookies, never sent upstream. */
  readonly hubCookieNames: readonly string[];
  /** Used only when the client sent no `Host` (HTTP/1.0). */
  readonly fallbackHost: string;
  /** Keep `Connection: Upgrade` / `Upgrade: websocket` for a WebSocket handshake. */
  readonly upgrade: boolean;
}

// Headers the client must not choose: the proxy sets them itself.
const REPLACED: ReadonlySet<string> = new Set(['authorization', 'expect']);

/**
 * The headers to send upstream, as a flat `[name, value, …]` list in the client's order
 * and spelling. `Host` is kept as the client sent it (Jupyter compares `Origin` with
 * `Host`); the client's `Authorization` is replaced by the session token; the hub's
 * cookies are removed; hop-by-hop headers are dropped; `X-Forwarded-For/Proto/Host`
 * are appended to, as configurable-http-proxy does.
 */
export function upstreamRequestHeaders(
  rawHeaders: readonly string[],
  from: ForwardedFrom,
  options: UpstreamHeaderOptions,
): string[] {
  const listed = connectionListed(rawHeaders);
  const out: string[] = [];
  let host: string | undefined;
  let forwardedFor: string | undefined;
  let forwardedProto: string | undefined;
  let forwardedHost: string | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const value = rawHeaders[i + 1]!;
    const lower = name.toLowerCase();
    if (lower === 'host') {
      // Never dropped, even if a client lists it in Connection.
      host ??= value;
      out.push(name, value);
    } else if (lower === 'cookie') {
      const kept = stripCookies(value, options.hubCookieNames);
      if (kept !== undefined) out.push(name, kept);
    } else if (lower === 'x-forwarded-for') {
      forwardedFor = forwardedFor === undefined ? value : `${forwardedFor}, ${value}`;
    } else if (lower === 'x-forwarded-proto') {
      forwardedProto = forwardedProto === undefined ? value : `${forwardedProto}, ${value}`;
    } else if (lower === 'x-forwarded-host') {
      forwardedHost = forwardedHost === undefined ? value : `${forwardedHost}, ${value}`;
    } else if (!REPLACED.has(lower) && !isHopByHop(lower, listed)) {
      out.push(name, value);
    }
  }
  if (host === undefined) {
    host = options.fallbackHost;
    out.push('Host', host);
  }
  if (options.upgrade) out.push('Connection', 'Upgrade', 'Upgrade', 'websocket');
  out.push(
    'Authorization',
    `token ${options.token}`,
    'X-Forwarded-For',
    append(forwardedFor, from.address),
    'X-Forwarded-Proto',
    append(forwardedProto, from.proto),
    'X-Forwarded-Host',
    append(forwardedHost, host),
  );
  return out;
}

function append(existing: string | undefined, value: string): string {
  return existing === undefined ? value : `${existing}, ${value}`;
}
