/**
 * The firewall rules of the Swarm node guard (pure): what keeps a session container on a
 * Swarm node away from everything but the internet, and everything but the hub away from
 * the sessions.
 *
 * On Swarm the hub does not share a network with the sessions. Each session has an overlay
 * network of its own (`session-network-spec.ts`) — sessions share no network, so the overlay
 * carries nothing between them — and publishes its port in host mode on its node's address;
 * the hub connects to `<node address>:<published port>`. Outside its overlay a task container
 * has one more interface, on the node's `docker_gwbridge` (ICC off: containers of one node
 * cannot talk over it). Everything a session opens beyond its overlay leaves through that
 * bridge and passes the node's own FORWARD or INPUT chain — unlike overlay traffic, which
 * is encapsulated (VXLAN) and never passes them. So, on every node:
 *
 * - DOCKER-USER, from the gateway bridge: replies pass; new connections to the node
 *   addresses given (all nodes, whatever their range), to the special-purpose ranges of
 *   the Docker spawner (`blockedRanges`: private, link-local incl. 169.254.169.254, CGNAT,
 *   loopback, documentation) are rejected; the rest returns to Docker's rules (masquerade)
 *   with egress on, and is rejected with egress off.
 * - INPUT, from the gateway bridge: only replies; nothing new towards the node itself.
 * - DOCKER-USER, into the gateway bridge on the session port (after Docker's DNAT of a
 *   host-mode published port): new connections only from the hub's source addresses. Other
 *   containers' published ports (the hub's own, through the routing mesh) are not matched.
 *
 * Rejecting (not dropping) makes a refused connect fail at once instead of hanging.
 */
import { blockedRanges, type GuardPlan } from '../../docker/network-guard.js';

export interface SwarmGuardOptions {
  /** Addresses the hub's connections to sessions come from (the hub's node(s), after NAT). */
  readonly hubSources: readonly string[];
  /** Every node's own address; blocked even when public. */
  readonly nodeAddresses: readonly string[];
  /** `dockerEgress`: whether sessions may open connections to the internet. */
  readonly egress: boolean;
  /** The port the notebook server listens on inside the session container (8888). */
  readonly sessionPort: number;
  /** The bridge task containers use beyond their overlays; `docker_gwbridge` unless changed. */
  readonly gatewayBridge?: string;
}

/** Chain names of the guard (fixed, so every apply and removal finds them). */
export const swarmGuardChains = {
  egress: 'CNH-SWARM-EGRESS',
  input: 'CNH-SWARM-INPUT',
  ingress: 'CNH-SWARM-INGRESS',
} as const;

const established = '-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN';
const reject = '-j REJECT --reject-with icmp-admin-prohibited';
const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(\/\d{1,2})?$/;

export function swarmGuardPlan(options: SwarmGuardOptions): GuardPlan {
  const bridge = options.gatewayBridge ?? 'docker_gwbridge';
  for (const address of [...options.hubSources, ...options.nodeAddresses]) {
    if (!ipv4.test(address)) throw new Error(`not an IPv4 address or CIDR: ${address}`);
  }
  if (!/^[\w.-]{1,15}$/.test(bridge)) throw new Error(`not an interface name: ${bridge}`);
  const port = options.sessionPort;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`bad port: ${port}`);
  if (options.hubSources.length === 0)
    throw new Error('hubSources is empty: no one could reach the sessions');
  const { egress, input, ingress } = swarmGuardChains;
  // Rules are written the way `iptables -S` prints them, so the guard's comparison with
  // the listed chain is exact and a chain in place is never rewritten.
  const cidr = (address: string) => (address.includes('/') ? address : `${address}/32`);
  return {
    chains: {
      [egress]: [
        established,
        ...options.nodeAddresses.map((address) => `-d ${cidr(address)} ${reject}`),
        ...blockedRanges.map((range) => `-d ${range} ${reject}`),
        options.egress ? '-j RETURN' : reject,
      ],
      [input]: [established, '-p tcp -j REJECT --reject-with tcp-reset', reject],
      [ingress]: [
        established,
        ...options.hubSources.map((source) => `-s ${cidr(source)} -j RETURN`),
        '-p tcp -j REJECT --reject-with tcp-reset',
      ],
    },
    jumps: [
      ['DOCKER-USER', `-i ${bridge} -j ${egress}`],
      ['DOCKER-USER', `-o ${bridge} -p tcp -m tcp --dport ${port} -j ${ingress}`],
      ['INPUT', `-i ${bridge} -j ${input}`],
    ],
  };
}
