/** A `dns.lookup` stand-in mapping test host names to fixed addresses (anything else: ENOTFOUND). */
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';

export function lookupStub(table: Record<string, readonly string[]>): LookupFunction {
  return ((
    hostname: string,
    options: { all?: boolean },
    callback: (...args: unknown[]) => void,
  ) => {
    const addresses = table[hostname];
    if (!addresses) {
      const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
        code: 'ENOTFOUND',
      });
      return process.nextTick(() => callback(error));
    }
    const entries = addresses.map((address) => ({ address, family: isIP(address) }));
    process.nextTick(() =>
      options.all
        ? callback(null, entries)
        : callback(null, entries[0]!.address, entries[0]!.family),
    );
  }) as unknown as LookupFunction;
}
