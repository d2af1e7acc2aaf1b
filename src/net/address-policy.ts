/**
 * Which IP addresses the fetcher may connect to, and how to say why one is refused.
 * The rule is request-filtering-agent's (only ipaddr.js `unicast` passes) plus a few
 * ranges ipaddr.js calls unicast although they lead back to IPv4 or to nowhere public.
 */
import ipaddr from 'ipaddr.js';

/** Extra refusals on top of "not unicast"; request-filtering-agent takes them as `denyIPAddressList`. */
export const deniedRanges: readonly string[] = [
  // IPv4-compatible IPv6 (deprecated, ::a.b.c.d): some stacks route it to the IPv4 address.
  '::/96',
];

const rangeWords: Record<string, string> = {
  unspecified: 'is the unspecified address',
  broadcast: 'is a broadcast address',
  multicast: 'is a multicast address',
  linkLocal: 'is a link-local address (such as a cloud metadata service)',
  loopback: 'is a loopback address (this machine)',
  carrierGradeNat: 'is in a carrier-grade NAT network',
  private: 'is in a private network',
  uniqueLocal: 'is in a private network',
  reserved: 'is in a reserved range',
  ipv4Mapped: 'is an IPv4-mapped address',
  rfc6145: 'is an IPv4-translated address',
  rfc6052: 'is an IPv4-embedding (NAT64) address',
  '6to4': 'is a 6to4 address',
  teredo: 'is a Teredo address',
  discard: 'is in the discard range',
  benchmarking: 'is in the benchmarking range',
  amt: 'is in the AMT range',
  as112v6: 'is in the AS112 range',
  deprecated: 'is in a deprecated range',
  orchid2: 'is in the ORCHIDv2 range',
  droneRemoteIdProtocolEntityTags: 'is in a reserved range',
};

/**
 * Why `address` (a literal IPv4 or IPv6 address, without brackets) must not be
 * fetched, as a phrase such as "is a loopback address (this machine)"; null when it
 * may be. Anything that does not parse is refused.
 */
export function blockedAddressReason(address: string): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return 'is not a valid IP address';
  }
  const range = parsed.range();
  if (range !== 'unicast') {
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
      const v4 = (parsed as ipaddr.IPv6).toIPv4Address();
      const inner = blockedAddressReason(v4.toString());
      return `is an IPv4-mapped form of ${v4.toString()}${inner ? `, which ${inner}` : ''}`;
    }
    return rangeWords[range] ?? 'is in a reserved range';
  }
  for (const cidr of deniedRanges) {
    const [net, bits] = ipaddr.parseCIDR(cidr);
    if (net.kind() === parsed.kind() && parsed.match(net, bits)) {
      return 'is an IPv4-compatible IPv6 address';
    }
  }
  return null;
}

/** The visitor-safe sentence for a refused address, optionally naming the host that resolved to it. */
export function blockedAddressMessage(address: string, reason: string, host?: string): string {
  const of = host && host !== address && host !== `[${address}]` ? ` (from ${host})` : '';
  return `The address ${address}${of} ${reason} and cannot be fetched.`;
}
