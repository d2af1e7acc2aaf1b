import { connectionListed, isHopByHop } from './hop-by-hop.js';
import { setsCookieNamed } from './strip-cookies.js';

/** The hub's response headers, prepared once per distinct `ctx.responseHeaders()` object. */
export interface OverrideHeaders {
  /** Lower-cased names, removed from upstream's headers. */
  readonly names: ReadonlySet<string>;
  /** Flat `[name, value, …]`, appended to every proxied response. */
  readonly flat: readonly string[];
}

/** Prepares `ctx.responseHeaders()` for {@link clientResponseHeaders}. */
export function prepareOverrides(headers: Readonly<Record<string, string>>): OverrideHeaders {
  const entries = Object.entries(headers);
  return {
    names: new Set(entries.map(([name]) => name.toLowerCase())),
    flat: entries.flat(),
  };
}

/**
 * The headers to send the client, as a flat list: upstream's headers in their order and
 * spelling, without hop-by-hop headers, without any header the hub sets itself (an
 * upstream `Content-Security-Policy` is replaced, not merged, so a notebook server cannot
 * widen `frame-ancestors`), and without a `Set-Cookie` for the hub's own cookies.
 */
export function clientResponseHeaders(
  rawHeaders: readonly string[],
  overrides: OverrideHeaders,
  hubCookieNames: readonly string[],
): string[] {
  const listed = connectionListed(rawHeaders);
  const out: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const value = rawHeaders[i + 1]!;
    const lower = name.toLowerCase();
    if (isHopByHop(lower, listed) || overrides.names.has(lower)) continue;
    if (lower === 'set-cookie' && setsCookieNamed(value, hubCookieNames)) continue;
    out.push(name, value);
  }
  for (const item of overrides.flat) out.push(item);
  return out;
}

/**
 * The raw `101 Switching Protocols` head for the client: upstream's headers with the
 * `Connection`/`Upgrade` pair the handshake needs, minus any `Set-Cookie` for the hub's
 * cookies.
 */
export function switchingProtocolsHead(
  rawHeaders: readonly string[],
  hubCookieNames: readonly string[],
): string {
  let head = 'HTTP/1.1 101 Switching Protocols\r\n';
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const value = rawHeaders[i + 1]!;
    if (name.toLowerCase() === 'set-cookie' && setsCookieNamed(value, hubCookieNames)) continue;
    head += `${name}: ${value}\r\n`;
  }
  return `${head}\r\n`;
}
