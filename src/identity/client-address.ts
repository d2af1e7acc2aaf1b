/**
 * The client address used for per-address caps and rate limits: the socket's peer,
 * unless that peer is a configured trusted proxy, in which case `X-Forwarded-For` is
 * read from the right, skipping trusted proxies, and the first untrusted entry wins.
 */
import ipaddr from 'ipaddr.js';

export class ClientAddressResolver {
  private readonly trusted: ReadonlyArray<[ipaddr.IPv4 | ipaddr.IPv6, number]>;

  constructor(trustedProxies: readonly string[]) {
    this.trusted = trustedProxies.map((entry) => {
      if (entry.includes('/')) return ipaddr.parseCIDR(entry);
      const addr = ipaddr.parse(entry);
      return [addr, addr.kind() === 'ipv4' ? 32 : 128];
    });
  }

  resolve(socketAddress: string | undefined, forwardedFor: string | string[] | undefined): string {
    const peer = normalise(socketAddress ?? '');
    if (!this.isTrusted(peer) || !forwardedFor) return peer;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
      .split(',')
      .map((h) => normalise(h.trim()))
      .filter(Boolean);
    for (let i = hops.length - 1; i >= 0; i--) {
      if (!this.isTrusted(hops[i]!)) return hops[i]!;
    }
    return hops[0] ?? peer;
  }

  private isTrusted(address: string): boolean {
    if (!ipaddr.isValid(address)) return false;
    const addr = ipaddr.parse(address);
    return this.trusted.some(
      ([range, bits]) => addr.kind() === range.kind() && addr.match(range, bits),
    );
  }
}

/** `::ffff:1.2.3.4` → `1.2.3.4`; anything unparsable is kept as text. */
function normalise(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const addr = ipaddr.parse(address);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (addr as ipaddr.IPv6).toIPv4Address().toString();
  }
  return addr.toString();
}
