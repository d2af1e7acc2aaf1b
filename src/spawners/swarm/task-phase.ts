/**
 * What a session's Swarm task says about its server, as a pure function of the task and
 * the node it was placed on (both as the Engine API lists them).
 */

/** The fields of a Swarm task this spawner reads. */
export interface SwarmTask {
  readonly ID?: string;
  readonly NodeID?: string;
  readonly DesiredState?: string;
  readonly Status?: {
    readonly State?: string;
    readonly Message?: string;
    readonly Err?: string;
    readonly ContainerStatus?: { readonly ExitCode?: number };
    readonly PortStatus?: {
      readonly Ports?: ReadonlyArray<{
        readonly TargetPort?: number;
        readonly PublishedPort?: number;
      }>;
    };
  };
}

/** The fields of a Swarm node this spawner reads. */
export interface SwarmNode {
  readonly ID?: string;
  readonly Description?: { readonly Hostname?: string };
  readonly Status?: { readonly State?: string; readonly Addr?: string };
}

export type TaskPhase =
  | { readonly phase: 'scheduling'; readonly detail?: string }
  | { readonly phase: 'preparing' | 'starting'; readonly node: string }
  | { readonly phase: 'running'; readonly node: string; readonly url: string | null }
  | {
      readonly phase: 'ended';
      readonly reason: 'exited' | 'node-lost';
      readonly exitCode?: number;
      readonly detail: string;
    };

const scheduling = new Set(['new', 'allocated', 'pending', 'assigned', 'accepted', '']);
const preparing = new Set(['preparing']);
const starting = new Set(['ready', 'starting']);
/** Node states in which its tasks are not coming back: Swarm marks a node `down` after its heartbeats stop. */
const lostNode = new Set(['down', 'disconnected']);

/**
 * The phase of a session's task. `null` task: the service exists but Swarm has not made
 * its task yet (scheduling). A task on a node that is down, or no longer in the swarm,
 * has ended (`node-lost`) whatever its last reported state: that node cannot report any
 * more. `url` is `http://<node address>:<published port>` once the node reports the port.
 */
export function taskPhase(
  task: SwarmTask | null,
  node: SwarmNode | null,
  targetPort: number,
): TaskPhase {
  if (task === null) return { phase: 'scheduling' };
  const state = task.Status?.State ?? '';
  const nodeName = node?.Description?.Hostname ?? task.NodeID ?? '';
  const detail = task.Status?.Err || task.Status?.Message || state;
  if (task.NodeID && state !== 'complete' && state !== 'failed') {
    const nodeState = node?.Status?.State;
    if (node === null || (nodeState !== undefined && lostNode.has(nodeState))) {
      const why = node === null ? 'left the swarm' : `is ${nodeState}`;
      return {
        phase: 'ended',
        reason: 'node-lost',
        detail: `node ${nodeName || task.NodeID} ${why}`,
      };
    }
  }
  if (scheduling.has(state)) return { phase: 'scheduling', ...(detail ? { detail } : {}) };
  if (preparing.has(state)) return { phase: 'preparing', node: nodeName };
  if (starting.has(state)) return { phase: 'starting', node: nodeName };
  if (state === 'running' && task.DesiredState !== 'shutdown') {
    const port = task.Status?.PortStatus?.Ports?.find((p) => p.TargetPort === targetPort);
    const addr = node?.Status?.Addr;
    const url =
      port?.PublishedPort && addr ? `http://${hostPart(addr)}:${port.PublishedPort}` : null;
    return { phase: 'running', node: nodeName, url };
  }
  const exitCode = task.Status?.ContainerStatus?.ExitCode;
  return {
    phase: 'ended',
    reason: 'exited',
    ...(typeof exitCode === 'number' ? { exitCode } : {}),
    detail: `task ${state}: ${detail}`,
  };
}

/** A node address as a URL host (IPv6 in brackets). */
function hostPart(addr: string): string {
  return addr.includes(':') ? `[${addr}]` : addr;
}

/** The task that counts for a one-replica service: the newest (Swarm keeps a short history). */
export function currentTask<T extends SwarmTask & { readonly CreatedAt?: string }>(
  tasks: readonly T[],
): T | null {
  let newest: T | null = null;
  for (const task of tasks) {
    if (newest === null || (task.CreatedAt ?? '') > (newest.CreatedAt ?? '')) newest = task;
  }
  return newest;
}
