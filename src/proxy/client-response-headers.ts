import { connectionListed, isHopByHop } from './hop-by-hop.js';
import { setsCookieNamed } from './strip-cookies.js';

const CSP = 'content-security-policy';

/** The hub's response headers, prepared once per distinct `ctx.responseHeaders()` object. */
export interface OverrideHeaders {
  /** Lower-cased names, removed from upstream's headers (CSP apart: see {@link mergeCsp}). */
  readonly names: ReadonlySet<string>;
  /** Flat `[name, value, …]`: all of them, as on the proxy's own error replies. */
  readonly flat: readonly string[];
  /** `flat` without the CSP, appended to every proxied response (the CSP is merged). */
  readonly others: readonly string[];
  /** The hub's CSP directives (e.g. frame-ancestors), merged into upstream's policies; null when none. */
  readonly csp: { readonly name: string; readonly directives: readonly string[] } | null;
}

/** Prepares `ctx.responseHeaders()` for {@link clientResponseHeaders}. */
export function prepareOverrides(headers: Readonly<Record<string, string>>): OverrideHeaders {
  const entries = Object.entries(headers);
  const csp = entries.find(([name]) => name.toLowerCase() === CSP);
  return {
    names: new Set(entries.map(([name]) => name.toLowerCase()).filter((n) => n !== CSP)),
    flat: entries.flat(),
    others: entries.filter(([name]) => name.toLowerCase() !== CSP).flat(),
    csp: csp ? { name: csp[0], directives: directivesOf(csp[1]) } : null,
  };
}

function directivesOf(policy: string): string[] {
  return policy
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d !== '');
}

const directiveName = (directive: string) => directive.split(/\s+/)[0]!.toLowerCase();

/**
 * One upstream policy with the hub's directives in place of upstream's of the same name:
 * Jupyter's own (`sandbox allow-scripts` on /files/ and /nbconvert/, its `report-uri`, …)
 * stay, and upstream cannot choose who frames the hub (its `frame-ancestors` goes).
 */
export function mergeCsp(upstream: string, hub: readonly string[]): string {
  const replaced = new Set(hub.map(directiveName));
  const kept = directivesOf(upstream).filter((d) => !replaced.has(directiveName(d)));
  return [...kept, ...hub].join('; ');
}

/**
 * The headers to send the client, as a flat list: upstream's headers in their order and
 * spelling, without hop-by-hop headers, without any header the hub sets itself, and
 * without a `Set-Cookie` for the hub's own cookies. Each upstream
 * `Content-Security-Policy` keeps its directives but takes the hub's in place of its own
 * of the same name ({@link mergeCsp}: a notebook server cannot widen `frame-ancestors`,
 * and Jupyter's `sandbox` survives); without one, the hub's policy is sent alone.
 */
export function clientResponseHeaders(
  rawHeaders: readonly string[],
  overrides: OverrideHeaders,
  hubCookieNames: readonly string[],
): string[] {
  const listed = connectionListed(rawHeaders);
  const out: string[] = [];
  let sentCsp = false;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const value = rawHeaders[i + 1]!;
    const lower = name.toLowerCase();
    if (isHopByHop(lower, listed) || overrides.names.has(lower)) continue;
    if (lower === 'set-cookie' && setsCookieNamed(value, hubCookieNames)) continue;
    if (lower === CSP && overrides.csp) {
      out.push(name, mergeCsp(value, overrides.csp.directives));
      sentCsp = true;
      continue;
    }
    out.push(name, value);
  }
  if (overrides.csp && !sentCsp) out.push(overrides.csp.name, overrides.csp.directives.join('; '));
  for (const item of overrides.others) out.push(item);
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
