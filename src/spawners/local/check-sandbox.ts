import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { HubError } from '../../errors/hub-error.js';
import { runCommand } from './run-command.js';
import { buildProbeCommand, type SandboxBase } from './sandbox-command.js';
import { untraversableAncestor, type Owner } from './workspace.js';

const probeTimeoutMs = 30_000;

/**
 * Whether sessions can start here: bwrap (and setpriv when switching uid) installed,
 * the workspace folder reachable by the sandbox uid, and a real sandbox able to import
 * the notebook server with the configured Python. Throws `HubError('spawner_unavailable')`
 * naming what is missing.
 */
export async function checkSandbox(
  base: SandboxBase,
  pythonPath: string,
  workspaceRoot: string,
  owner: Owner | null,
): Promise<void> {
  const unavailable = (message: string, cause?: unknown) =>
    new HubError('spawner_unavailable', { message, cause });
  const executable = (path: string) =>
    access(path, constants.X_OK).then(
      () => true,
      () => false,
    );
  if (!(await executable(base.bwrapPath))) {
    throw unavailable(
      `bubblewrap is not installed at ${base.bwrapPath} (Debian package bubblewrap).`,
    );
  }
  if (base.runAs !== null && !(await executable(base.setprivPath))) {
    throw unavailable(
      `setpriv is not installed at ${base.setprivPath} (Debian package util-linux).`,
    );
  }
  if (!(await executable(pythonPath))) {
    throw unavailable(
      `Python is not installed at ${pythonPath} (Debian package python3-notebook).`,
    );
  }
  const blocked = await untraversableAncestor(workspaceRoot, owner);
  if (blocked !== null) {
    throw unavailable(
      `The sandbox user (uid ${owner?.uid ?? 'of the hub'}) cannot reach ${workspaceRoot}: ` +
        `${blocked} is missing or not searchable (chmod o+x, or put the data folder elsewhere).`,
    );
  }
  const result = await runCommand(buildProbeCommand(base, pythonPath), probeTimeoutMs).catch(
    (error: unknown) => {
      throw unavailable('The sandbox could not be started.', error);
    },
  );
  if (result.code !== 0) {
    const detail = result.stderr.trim().split('\n').slice(-1)[0] ?? '';
    throw unavailable(
      `A sandbox with ${pythonPath} -c "import notebook, ipykernel" failed: ${detail}`.trim(),
      new Error(result.stderr),
    );
  }
}
