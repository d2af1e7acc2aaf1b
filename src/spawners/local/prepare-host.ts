import { mkdir } from 'node:fs/promises';
import type { SpawnerLogger } from './local-spawner-options.js';
import type { SandboxBase } from './sandbox-command.js';
import { SessionCgroups } from './session-cgroups.js';
import { probeSystemLayout } from './system-layout.js';
import { ensureWorkspaceRoot, type Owner } from './workspace.js';

export interface HostSetup {
  readonly base: SandboxBase;
  /** Whether sessions get cgroup limits. */
  readonly limited: boolean;
}

/** One-time host preparation: folders, the system layout sandboxes mirror, cgroup availability. */
export async function prepareHost(opts: {
  workspaceRoot: string;
  logDir: string;
  bwrapPath: string;
  setprivPath: string;
  runAs: Owner | null;
  cgroupRoot: string;
  logger: SpawnerLogger | undefined;
}): Promise<HostSetup> {
  await ensureWorkspaceRoot(opts.workspaceRoot);
  await mkdir(opts.logDir, { recursive: true, mode: 0o700 });
  const limited = await SessionCgroups.available(opts.cgroupRoot);
  if (!limited) {
    opts.logger?.warn(
      'local sessions run without CPU, memory and process limits: no writable cgroup v1',
    );
  }
  const base: SandboxBase = {
    bwrapPath: opts.bwrapPath,
    setprivPath: opts.setprivPath,
    runAs: opts.runAs,
    mounts: await probeSystemLayout(),
    tmpBytes: 256 * 1024 * 1024,
  };
  return { base, limited };
}
