/**
 * Hop-by-hop headers (RFC 9110 §7.6.1) describe one connection, not the message, so a
 * proxy must not forward them. `Connection` may name more of them.
 */
const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Lower-cased header names listed in any `Connection` header of `rawHeaders`, or null. */
export function connectionListed(rawHeaders: readonly string[]): ReadonlySet<string> | null {
  let listed: Set<string> | null = null;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() !== 'connection') continue;
    for (const token of rawHeaders[i + 1]!.split(',')) {
      const name = token.trim().toLowerCase();
      if (name === '' || name === 'close' || name === 'keep-alive' || name === 'upgrade') continue;
      (listed ??= new Set()).add(name);
    }
  }
  return listed;
}

/** Whether a lower-cased header name must not cross the proxy. */
export function isHopByHop(lowerName: string, listed: ReadonlySet<string> | null): boolean {
  return HOP_BY_HOP.has(lowerName) || (listed !== null && listed.has(lowerName));
}
