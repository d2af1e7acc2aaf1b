/**
 * The real 3-node swarm of scripts/swarm/cluster.sh, for the swarm tests: its sockets,
 * addresses and image references (from `cluster.sh env`, which scripts/run-tests.mjs
 * exports, or the script's fixed defaults), and `requireSwarm()`, which fails — never
 * skips — with what to run when the cluster is not up.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Docker from 'dockerode';

export type NodeName = 'sw1' | 'sw2' | 'sw3';
export const nodeNames: readonly NodeName[] = ['sw1', 'sw2', 'sw3'];

export const swarmCluster = {
  /** The host's address on the test bridge (the registry, and the hub in tests, live here). */
  hostAddress: '10.231.0.1',
  /** An address outside every private/special range that stands for the internet. */
  outsideAddress: process.env.CNH_SWARM_OUTSIDE ?? '100.128.0.1',
  registry: process.env.CNH_SWARM_REGISTRY ?? '10.231.0.1:5000',
  notebookImage:
    process.env.CNH_SWARM_NOTEBOOK_IMAGE ?? '10.231.0.1:5000/ckan-notebook-hub/notebook:latest',
  hubImage: process.env.CNH_SWARM_HUB_IMAGE ?? '10.231.0.1:5000/ckan-notebook-hub:latest',
  socket: (node: NodeName) => `/run/cnh-swarm/${node}.sock`,
  address: (node: NodeName) => `10.231.0.1${node.slice(2)}`,
  hostname: (node: NodeName) => `cnh-${node}`,
  netns: (node: NodeName) => `/run/netns/cnh-${node}`,
} as const;

export interface SwarmClients {
  readonly manager: Docker;
  readonly node: (name: NodeName) => Docker;
}

export async function requireSwarm(): Promise<SwarmClients> {
  const clients = new Map(
    nodeNames.map((n) => [n, new Docker({ socketPath: swarmCluster.socket(n) })] as const),
  );
  const manager = clients.get('sw1')!;
  const hint = 'run `bash scripts/swarm/cluster.sh up` (as root) first';
  const nodes = await manager.listNodes().catch((cause: unknown) => {
    throw new Error(`The swarm manager at ${swarmCluster.socket('sw1')} does not answer: ${hint}`, {
      cause,
    });
  });
  const ready = nodes.filter((n) => n.Status?.State === 'ready').length;
  if (ready < nodeNames.length) throw new Error(`Only ${ready} swarm nodes are ready: ${hint}`);
  return { manager, node: (name) => clients.get(name)! };
}

/** Runs a command in a node's network namespace (iptables there, say). */
export async function inNode(node: NodeName, command: string[]): Promise<string> {
  const run = promisify(execFile);
  const { stdout } = await run('nsenter', [`--net=${swarmCluster.netns(node)}`, ...command], {
    timeout: 30_000,
  });
  return stdout;
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`, { cause: last });
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
