import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
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
  if (blocked !== null) throw unavailable(await blockedMessage(workspaceRoot, blocked, owner));
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

/** Names the folder in the way and the exact command that opens it (search only, no listing). */
async function blockedMessage(
  workspaceRoot: string,
  blocked: string,
  owner: Owner | null,
): Promise<string> {
  const who = `The sandbox user (uid ${owner?.uid ?? process.getuid?.() ?? '?'})`;
  const info = await stat(blocked).catch(() => null);
  if (info === null) return `${who} cannot reach ${workspaceRoot}: ${blocked} does not exist.`;
  const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
  return (
    `${who} cannot reach ${workspaceRoot}: ${blocked} (mode ${mode}, owner uid ${info.uid}) ` +
    `does not let it pass. Fix: chmod o+x ${blocked} (lets others pass through, not list it), ` +
    'or choose a --data folder outside it.'
  );
}
