import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import { tolerating } from '../../docker/docker-client.js';
import { guardServiceSpec } from './guard-service-spec.js';
import { swarmGuardPlan } from './swarm-guard-plan.js';

/** What the hub needs to keep the node guard in place (config `swarmGuard*`, `dockerEgress`). */
export interface NodeGuardSettings {
  /** Guard service name; one per swarm (config `swarmGuardService`). */
  readonly serviceName: string;
  /** Image with sh and iptables, pulled by the nodes: the hub image (`swarmGuardImage`). */
  readonly image: string;
  /** The hub's source addresses; empty = the address of the manager the hub talks to. */
  readonly hubSources: readonly string[];
  readonly egress: boolean;
  readonly sessionPort: number;
  /** The sessions' placement constraints: the guard runs where sessions run. */
  readonly constraints: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

interface NodeLike {
  readonly ID?: string;
  readonly Description?: { readonly Hostname?: string };
  readonly Status?: { readonly State?: string; readonly Addr?: string };
  readonly ManagerStatus?: { readonly Addr?: string };
  readonly Spec?: { readonly Availability?: string };
}

/** Label on the guard service holding a digest of its wanted spec (so updates are idempotent). */
export const guardSpecLabel = 'cnh.guard-spec';

/** A node's own address; a manager may report 0.0.0.0 as Status.Addr (then its raft address). */
function nodeAddress(node: NodeLike): string | null {
  const addr = node.Status?.Addr;
  if (addr && addr !== '0.0.0.0') return addr;
  const raft = node.ManagerStatus?.Addr?.replace(/:\d+$/, '');
  return raft && raft !== '0.0.0.0' ? raft : null;
}

/**
 * Creates the node guard service, or updates it when its wanted spec changed (a node joined
 * with a new address, `dockerEgress` or the hub's sources changed); does nothing when it is
 * as wanted. Then answers whether it is in force: a guard task in state `running` (Swarm
 * marks it so only once its health check — rules applied — passed) on every ready, active
 * node that Swarm gave a guard task. Throws an Error naming what is missing otherwise.
 * Never removes the guard: its rules must outlive the hub (sessions outlive a restart).
 */
export async function ensureNodeGuard(
  docker: Docker,
  settings: NodeGuardSettings,
  manager: { readonly address?: string; readonly nodeId?: string },
): Promise<void> {
  const managerAddress = manager.address;
  const nodes = (await docker.listNodes()) as NodeLike[];
  const nodeAddresses = [...new Set(nodes.map(nodeAddress).filter((a) => a !== null))].sort();
  const hubSources =
    settings.hubSources.length > 0
      ? [...settings.hubSources]
      : managerAddress
        ? [managerAddress]
        : [];
  if (hubSources.length === 0)
    throw new Error('swarmHubSources is empty and the manager reports no node address');
  const plan = swarmGuardPlan({
    hubSources,
    nodeAddresses,
    egress: settings.egress,
    sessionPort: settings.sessionPort,
  });
  const base = guardServiceSpec({
    name: settings.serviceName,
    image: settings.image,
    plan,
    labels: settings.labels,
    constraints: settings.constraints,
  });
  const digest = createHash('sha256').update(JSON.stringify(base)).digest('hex').slice(0, 16);
  const spec = { ...base, Labels: { ...base.Labels, [guardSpecLabel]: digest } };
  const service = docker.getService(settings.serviceName);
  const current = await tolerating(service.inspect(), 404);
  if (!current) {
    // Two hubs starting together: the second one's create conflicts; the next check sees it.
    await tolerating(docker.createService(spec), 409);
  } else if (current.Spec?.Labels?.[guardSpecLabel] !== digest) {
    await service.update({ ...spec, version: current.Version.Index });
  }
  const tasks = (await docker.listTasks({
    filters: JSON.stringify({ service: [settings.serviceName], 'desired-state': ['running'] }),
  })) as { NodeID?: string; Status?: { State?: string } }[];
  const usable = new Map(
    nodes
      .filter((n) => n.Status?.State === 'ready' && (n.Spec?.Availability ?? 'active') === 'active')
      .map((n) => [n.ID ?? '', n]),
  );
  // With the default sources the hub is taken to run on this manager: a guard there would
  // reject the hub's own connections to the sessions (and to CKAN), so that is refused.
  if (
    settings.hubSources.length === 0 &&
    tasks.some((t) => t.NodeID !== undefined && t.NodeID === manager.nodeId)
  )
    throw new Error(
      "the guard would run on the hub's own node (the manager): constrain sessions away from it (swarmConstraints, e.g. node.role==worker), or set swarmHubSources when the hub runs elsewhere",
    );
  const onUsable = tasks.filter((t) => t.NodeID !== undefined && usable.has(t.NodeID));
  const waiting = onUsable.filter((t) => t.Status?.State !== 'running');
  if (onUsable.length === 0)
    throw new Error(`the node guard ${settings.serviceName} has no task on a ready node yet`);
  if (waiting.length > 0) {
    const names = waiting.map((t) => usable.get(t.NodeID!)?.Description?.Hostname ?? t.NodeID);
    throw new Error(
      `the node guard ${settings.serviceName} is not running yet on ${names.join(', ')} (${waiting.map((t) => t.Status?.State).join(', ')})`,
    );
  }
}
