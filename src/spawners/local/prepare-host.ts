import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SpawnerLogger } from '../spawner.js';
import { jupyterCustomCss } from './jupyter-custom-css.js';
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
    customCss: await writeCustomCss(dirname(opts.workspaceRoot)),
  };
  return { base, limited };
}

/** Writes the sessions' custom.css where the sandbox uid can read it (dir 0755, file 0644). */
async function writeCustomCss(dataDir: string): Promise<string> {
  const dir = join(dataDir, 'jupyter-custom');
  await mkdir(dir, { recursive: true, mode: 0o755 });
  await chmod(dir, 0o755);
  const file = join(dir, 'custom.css');
  await writeFile(file, jupyterCustomCss, { mode: 0o644 });
  await chmod(file, 0o644);
  return file;
}
