import type Docker from 'dockerode';
import { reachEngine } from '../docker/engine-check.js';
import { unavailable } from '../spawner-errors.js';
import type { SessionServices } from './session-services.js';

const minApiVersion = [1, 41];

/** What `docker.info()` says about Swarm (dockerode leaves it untyped). */
export interface DockerInfo {
  readonly Swarm?: {
    readonly LocalNodeState?: string;
    readonly ControlAvailable?: boolean;
    readonly NodeAddr?: string;
    readonly NodeID?: string;
  };
}

/**
 * The Swarm spawner's health check of its engine: reachable, Engine API 1.41 or newer,
 * a manager of an active swarm, at least one node ready. Resolves with the manager's own
 * address and node id (for the node guard); throws `spawner_unavailable` otherwise.
 */
export async function checkManager(
  docker: Docker,
  services: SessionServices,
): Promise<{ readonly NodeAddr?: string; readonly NodeID?: string }> {
  const info = await reachEngine(docker, () => docker.info() as Promise<DockerInfo>);
  const version = await docker.version();
  if (compareVersion(version.ApiVersion, minApiVersion) < 0)
    throw unavailable(
      `The swarm spawner needs Engine API ${minApiVersion.join('.')} (Docker 20.10) or newer.`,
    );
  if (info.Swarm?.LocalNodeState !== 'active' || info.Swarm.ControlAvailable !== true)
    throw unavailable('The swarm spawner needs the Engine API of a Swarm manager (dockerSocket).');
  const nodes = [...(await services.nodes()).values()];
  const usable = nodes.filter((n) => n.Status?.State === 'ready');
  if (usable.length === 0) throw unavailable('No Swarm node is ready.');
  return info.Swarm;
}

function compareVersion(version: string, wanted: readonly number[]): number {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < wanted.length; i++) {
    const diff = (parts[i] ?? 0) - wanted[i]!;
    if (diff !== 0) return diff;
  }
  return 0;
}
