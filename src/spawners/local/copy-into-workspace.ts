import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from './run-command.js';
import { buildCopyCommand, type SandboxBase } from './sandbox-command.js';
import { fillWorkspace, removeTree, type Owner } from './workspace.js';

const copyTimeoutMs = 120_000;

/**
 * Adds a host folder's contents to a running session's workspace. The visitor controls
 * that folder (a symlink could point anywhere on the host), so root never writes into
 * it: the files are staged as the sandbox uid, then copied by `cp` running as that uid
 * inside a sandbox where only the workspace is writable.
 */
export async function copyIntoWorkspace(
  base: SandboxBase,
  workspace: string,
  filesDir: string,
  owner: Owner | null,
): Promise<void> {
  const staging = join(workspace, '..', `.add-${process.pid}-${process.hrtime.bigint()}`);
  try {
    await mkdir(staging, { mode: 0o700 });
    await fillWorkspace(staging, filesDir, owner);
    const result = await runCommand(buildCopyCommand(base, staging, workspace), copyTimeoutMs);
    if (result.code !== 0) throw new Error(`sandboxed copy failed: ${result.stderr.trim()}`);
  } finally {
    await removeTree(staging);
  }
}
