/**
 * The 3-node test swarm, from scripts/swarm/cluster.sh: `up` (idempotent, cached) and
 * its `env` exports, read into an object. The script tears the cluster down on `down`.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface SwarmCluster {
  /** Socket path of the manager's engine. */
  readonly managerSocket: string;
  readonly managerAddress: string;
  /** The manager's node name (hostname) in the swarm. */
  readonly managerNode: string;
  readonly hubImage: string;
  readonly notebookImage: string;
}

export async function swarmCluster(): Promise<SwarmCluster> {
  await exec('scripts/swarm/cluster.sh', ['up'], { maxBuffer: 1 << 24 });
  const { stdout } = await exec('scripts/swarm/cluster.sh', ['env']);
  const vars = Object.fromEntries(
    [...stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!.replace(/^"|"$/g, '')]),
  );
  const manager = vars.CNH_SWARM_MANAGER ?? '';
  if (!manager.startsWith('unix://'))
    throw new Error(`cluster.sh env gave no manager socket:\n${stdout}`);
  return {
    managerSocket: manager.slice('unix://'.length),
    managerAddress: vars.CNH_SWARM_MANAGER_ADDRESS ?? '10.231.0.11',
    managerNode: vars.CNH_SWARM_MANAGER_NODE ?? 'cnh-sw1',
    hubImage: process.env.CNH_SWARM_TEST_HUB_IMAGE ?? vars.CNH_SWARM_HUB_IMAGE ?? '',
    notebookImage: vars.CNH_SWARM_NOTEBOOK_IMAGE ?? '',
  };
}
