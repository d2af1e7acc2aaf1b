/**
 * The 3-node test swarm of scripts/swarm/cluster.sh, as its `env` exports describe it
 * (CNH_SWARM_MANAGER, CNH_SWARM_HUB_IMAGE, CNH_SWARM_NOTEBOOK_IMAGE): taken from the
 * environment when exported (`eval "$(scripts/swarm/cluster.sh env)"`), else from
 * `cluster.sh up` (idempotent, cached) and `cluster.sh env`. The manager's address and
 * node name come from its engine. A swarm being absent is a failure, not a skip.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Docker from 'dockerode';

const exec = promisify(execFile);

export interface SwarmCluster {
  /** Socket path of the manager's engine. */
  readonly managerSocket: string;
  /** The manager's address on the swarm's network (where its published ports listen). */
  readonly managerAddress: string;
  /** The manager's node name (hostname) in the swarm. */
  readonly managerNode: string;
  readonly hubImage: string;
  readonly notebookImage: string;
}

async function clusterEnv(): Promise<Record<string, string | undefined>> {
  if (process.env.CNH_SWARM_MANAGER) return process.env;
  await exec('scripts/swarm/cluster.sh', ['up'], { maxBuffer: 1 << 24 });
  const { stdout } = await exec('scripts/swarm/cluster.sh', ['env']);
  return Object.fromEntries(
    [...stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!.replace(/^"|"$/g, '')]),
  );
}

export async function swarmCluster(): Promise<SwarmCluster> {
  const vars = await clusterEnv();
  const manager = vars.CNH_SWARM_MANAGER ?? '';
  if (!manager.startsWith('unix://'))
    throw new Error(
      'No swarm: run scripts/swarm/cluster.sh up (CNH_SWARM_MANAGER is not a socket)',
    );
  const managerSocket = manager.slice('unix://'.length);
  const info = (await new Docker({ socketPath: managerSocket }).info()) as {
    Name: string;
    Swarm?: { NodeAddr?: string; ControlAvailable?: boolean };
  };
  if (!info.Swarm?.ControlAvailable || !info.Swarm.NodeAddr)
    throw new Error(`${managerSocket} is not a swarm manager`);
  const hubImage = vars.CNH_SWARM_HUB_IMAGE;
  const notebookImage = vars.CNH_SWARM_NOTEBOOK_IMAGE;
  if (!hubImage || !notebookImage)
    throw new Error('cluster.sh env names no CNH_SWARM_HUB_IMAGE / CNH_SWARM_NOTEBOOK_IMAGE');
  return {
    managerSocket,
    managerAddress: info.Swarm.NodeAddr,
    managerNode: info.Name,
    hubImage,
    notebookImage,
  };
}
