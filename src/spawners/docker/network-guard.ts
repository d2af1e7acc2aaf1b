/**
 * Firewall rules that keep session containers away from everything but the internet.
 *
 * Docker's bridge already isolates networks from each other, and `enable_icc=false`
 * drops traffic between containers of one bridge; what remains open by default is
 * (a) the host itself — the bridge gateway and every other host address answer a
 * container, including the hub's admin API — and (b) every private, link-local
 * (169.254.169.254: cloud metadata), CGNAT or loopback address routed beyond the host.
 *
 * - INPUT, for packets from the session bridge: only replies to connections the host
 *   opened (the hub talking to its servers) pass; anything new towards the host is
 *   rejected. Docker's embedded DNS lives in each container's own namespace, so it does
 *   not need the host.
 * - DOCKER-USER (Docker evaluates it first in FORWARD and never flushes it): new
 *   connections from the session bridge to the non-public ranges below are rejected;
 *   the rest returns to Docker's own rules (masquerade for egress, or nothing at all on
 *   an `Internal` network).
 * Rejecting (not dropping) makes a refused connect fail at once instead of hanging.
 * IPv6 is off on the network and inside containers, so IPv4 rules suffice.
 *
 * The rules live in two chains of their own, named after the bridge interface, and are
 * rewritten only when they differ from what is wanted: applying is idempotent and
 * leaves other rules alone. Needs root and iptables (the backend Docker uses).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * Destinations a session must never open connections to: the IANA special-purpose IPv4
 * ranges. The documentation ranges are among them because they are never on the public
 * internet, yet labs and CI machines use them for their own networks.
 */
export const blockedRanges = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
] as const;

export interface GuardPlan {
  /** Chain name → its rules, in `iptables -S` form without the `-A <chain>` prefix. */
  readonly chains: Readonly<Record<string, readonly string[]>>;
  /** Jumps placed first in built-in (or Docker's) chains: [chain, rule]. */
  readonly jumps: readonly (readonly [string, string])[];
}

const established = '-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN';
const reject = '-j REJECT --reject-with icmp-admin-prohibited';

/** The chains and jumps for one session bridge interface (pure). */
export function guardPlan(iface: string): GuardPlan {
  const base = iface.toUpperCase();
  const forward = `${base}-FWD`;
  const input = `${base}-IN`;
  return {
    chains: {
      [forward]: [
        established,
        ...blockedRanges.map((range) => `-d ${range} ${reject}`),
        '-j RETURN',
      ],
      [input]: [established, '-p tcp -j REJECT --reject-with tcp-reset', reject],
    },
    jumps: [
      ['DOCKER-USER', `-i ${iface} -j ${forward}`],
      ['INPUT', `-i ${iface} -j ${input}`],
    ],
  };
}

/** Runs iptables with arguments; rejects with its stderr when it fails. */
export type IptablesRunner = (args: string[]) => Promise<string>;

export function iptablesRunner(path = 'iptables'): IptablesRunner {
  const run = promisify(execFile);
  return async (args) => (await run(path, ['-w', '5', ...args], { timeout: 15_000 })).stdout;
}

/** Makes the rules for `iface` exactly those of `guardPlan`, changing nothing when they already are. */
export async function applyNetworkGuard(iface: string, iptables: IptablesRunner): Promise<void> {
  const plan = guardPlan(iface);
  for (const [chain, rules] of Object.entries(plan.chains)) {
    const listed = await iptables(['-S', chain]).catch(() => null);
    // Another hub (or a parallel check) may create the chain between -S and -N.
    if (listed === null) await iptables(['-N', chain]).catch(() => iptables(['-S', chain]));
    const current = (listed ?? '').split('\n').filter((line) => line.startsWith(`-A ${chain} `));
    const wanted = rules.map((rule) => `-A ${chain} ${rule}`);
    if (current.join('\n') === wanted.join('\n')) continue;
    await iptables(['-F', chain]);
    for (const rule of rules) await iptables(['-A', chain, ...rule.split(' ')]);
  }
  for (const [chain, rule] of plan.jumps) {
    const args = rule.split(' ');
    const present = await iptables(['-C', chain, ...args]).then(
      () => true,
      () => false,
    );
    if (!present) await iptables(['-I', chain, '1', ...args]);
  }
}

/** Removes the jumps and chains of `iface` (tests; decommissioning a network). Idempotent. */
export async function removeNetworkGuard(iface: string, iptables: IptablesRunner): Promise<void> {
  const plan = guardPlan(iface);
  for (const [chain, rule] of plan.jumps) {
    const args = rule.split(' ');
    while (
      await iptables(['-D', chain, ...args]).then(
        () => true,
        () => false,
      )
    );
  }
  for (const chain of Object.keys(plan.chains)) {
    await iptables(['-F', chain]).catch(() => undefined);
    await iptables(['-X', chain]).catch(() => undefined);
  }
}
