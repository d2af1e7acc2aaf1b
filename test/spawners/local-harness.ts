import { access, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalSpawner } from '../../src/spawners/local/local-spawner.js';
import type { LocalSpawnerOptions } from '../../src/spawners/local/local-spawner-options.js';
import type { ResourceLimits, SpawnerState } from '../../src/spawners/spawner.js';
import type { SpawnerUnderTest } from '../contract/spawner-contract.js';
import { makeTempDir } from '../helpers/temp-dir.js';

export interface LocalHarness extends SpawnerUnderTest {
  readonly spawner: LocalSpawner;
  readonly options: LocalSpawnerOptions;
}

/** The uid of the config's default `localUid`. */
export const sandboxHostUid = 64000;
const cgroupRoot = '/sys/fs/cgroup';

/** A local spawner on a fresh data folder; `cleanup` stops its sessions and removes the folder and its cgroups. */
export async function makeLocalHarness(): Promise<LocalHarness> {
  const data = await makeTempDir('local-data', 0o711);
  const options: LocalSpawnerOptions = {
    pythonPath: '/usr/bin/python3',
    uid: sandboxHostUid,
    dataDir: data.path,
  };
  const spawner = new LocalSpawner(options);
  return {
    spawner,
    options,
    appliedLimits: readCgroupLimits,
    leftovers: (sessionId) => leftoversOf(data.path, spawner.instanceId, sessionId),
    async cleanup() {
      for (const server of await spawner.listOwned()) await spawner.stop(server.state);
      await spawner.close();
      await data.remove();
    },
  };
}

/** Reads the limits from the cgroup files the state names, as the kernel holds them. */
async function readCgroupLimits(state: SpawnerState): Promise<ResourceLimits | null> {
  if (state.limits !== 'cgroup-v1') return null;
  const dirs = state.cgroups as string[];
  const read = async (controller: string, file: string) => {
    const dir = dirs.find((d) => d.startsWith(join(cgroupRoot, controller, '/')));
    if (dir === undefined) throw new Error(`state names no ${controller} cgroup`);
    return Number((await readFile(join(dir, file), 'utf8')).trim());
  };
  const quotaUs = await read('cpu', 'cpu.cfs_quota_us');
  const periodUs = await read('cpu', 'cpu.cfs_period_us');
  return {
    memoryBytes: await read('memory', 'memory.limit_in_bytes'),
    cpuPercent: (quotaUs * 100) / periodUs,
    pidsLimit: await read('pids', 'pids.max'),
  };
}

/** What is left of a session: its folder, log, cgroups or any process carrying its id. */
async function leftoversOf(
  dataDir: string,
  instanceId: string,
  sessionId: string,
): Promise<string[]> {
  const paths = [
    join(dataDir, 'workspaces', sessionId),
    join(dataDir, 'logs', 'local', `${sessionId}.log`),
    ...['memory', 'cpu', 'cpuacct', 'pids'].map((c) =>
      join(cgroupRoot, c, 'ckan-notebook-hub', instanceId, sessionId),
    ),
  ];
  const left: string[] = [];
  for (const path of paths)
    if (
      await access(path).then(
        () => true,
        () => false,
      )
    )
      left.push(path);
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(`CNH_SESSION_ID\0${sessionId}\0`)) left.push(`process ${pid}`);
  }
  return left;
}
