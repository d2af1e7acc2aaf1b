/**
 * A launch by a visitor who already has a live session: the notebook joins that session
 * instead of starting another. It is listed last in the record; a running server gets a
 * copy at once, a starting or queued one when its start copies the pending notebooks
 * (start-server.ts). The same notebook again (another tab, a reload) is not copied, so the
 * visitor's edits stay.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedNotebook } from '../sources/source.js';
import type { LiveSession } from './live-session.js';
import { sessionNotebook } from './new-session.js';
import type { SessionHost } from './session-host.js';

export function addNotebook(
  host: Pick<SessionHost, 'update' | 'copyInto'>,
  live: LiveSession,
  notebook: ResolvedNotebook,
): void {
  const known = live.record.notebooks.some(
    (n) => n.key === notebook.key && n.file === notebook.fileName,
  );
  const notebooks = [
    ...live.record.notebooks.filter((n) => n.file !== notebook.fileName),
    sessionNotebook(notebook),
  ];
  host.update(live, { ...live.record, notebooks });
  // The same notebook again (another tab, a reload) keeps the visitor's edits.
  if (known) return;
  if (live.record.state === 'ready') void host.copyInto(live, notebook);
  else live.pending.push(notebook);
}

/**
 * Write a notebook into a running server: materialise it into a staging folder, hand the
 * folder to the spawner. A failed copy is logged and the session goes on without it.
 */
export async function copyNotebookInto(
  { deps }: Pick<SessionHost, 'deps'>,
  live: LiveSession,
  notebook: ResolvedNotebook,
): Promise<void> {
  const dir = await mkdtemp(join(deps.options.stagingDir, `${live.record.id}-`));
  try {
    await notebook.materialize(dir, AbortSignal.timeout(deps.options.startTimeoutSeconds * 1000));
    if (live.record.spawnerState) await deps.spawner.addFiles(live.record.spawnerState, dir);
  } catch (e) {
    deps.log.warn('could not add a notebook to a running session', {
      session: live.record.id,
      error: e,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
