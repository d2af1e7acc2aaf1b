/**
 * The connect-time address check. Every connection of the fetcher goes through a
 * request-filtering-agent agent (which refuses non-unicast addresses when the socket is
 * created, for literal IPs and for every address a host name resolves to, so DNS
 * rebinding gains nothing) and, for names, through `guardedLookup`, which applies our
 * own policy to every resolved address and remembers which one was refused so the
 * visitor is told.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { Agent } from 'node:http';
import type { LookupFunction } from 'node:net';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';
import { blockedAddressReason } from './address-policy.js';

/** A resolved or literal address the policy refuses. */
export class BlockedAddressError extends Error {
  constructor(
    readonly address: string,
    readonly reason: string,
    readonly host: string,
  ) {
    super(`${address} (${host}) ${reason}`);
    this.name = 'BlockedAddressError';
  }
}

const strictAgents = {
  http: new RequestFilteringHttpAgent({ keepAlive: false }),
  https: new RequestFilteringHttpsAgent({ keepAlive: false }),
};
// The configured CKAN site may live on a private or loopback address (a Docker network);
// only the unspecified address stays refused for it.
const trustedAgents = {
  http: new RequestFilteringHttpAgent({ keepAlive: false, allowPrivateIPAddress: true }),
  https: new RequestFilteringHttpsAgent({ keepAlive: false, allowPrivateIPAddress: true }),
};

export function agentFor(protocol: 'http:' | 'https:', trusted: boolean): Agent {
  const set = trusted ? trustedAgents : strictAgents;
  return protocol === 'https:' ? set.https : set.http;
}

type AllCallback = (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void;
type OneCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

/** Wraps `base` (dns.lookup by default) so that any refused address fails the lookup. */
export function guardedLookup(base: LookupFunction = dnsLookup as LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    base(hostname, options, ((
      err: NodeJS.ErrnoException | null,
      address: unknown,
      family?: number,
    ) => {
      if (err) return (callback as OneCallback)(err, '', 0);
      const all: LookupAddress[] = Array.isArray(address)
        ? (address as LookupAddress[])
        : [{ address: address as string, family: family ?? 0 }];
      for (const entry of all) {
        const reason = blockedAddressReason(entry.address);
        if (reason) {
          return (callback as OneCallback)(
            new BlockedAddressError(entry.address, reason, hostname),
            '',
            0,
          );
        }
      }
      if (Array.isArray(address)) (callback as unknown as AllCallback)(null, all);
      else (callback as OneCallback)(null, address as string, family ?? 4);
    }) as never);
  };
}
