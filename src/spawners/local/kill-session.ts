import { findSandboxes } from './find-sandboxes.js';
import { isSameProcess, signalProcess, waitUntilGone } from './proc.js';
import type { SessionCgroups } from './session-cgroups.js';

const exitWaitMs = 15_000;

/**
 * SIGKILLs everything running for a session and waits until it is gone. Killing the
 * sandbox's init (PID 1 of its namespace) makes the kernel kill every process inside,
 * so nothing escapes even without cgroups; the cgroups, where present, are swept too.
 * Processes are found in `/proc` by their markers, so this works without saved state.
 */
export async function killSession(
  bwrapPath: string,
  instanceId: string,
  known: { sessionId: string; pid: number | null; startTime: string | null },
  cgroups: SessionCgroups,
): Promise<void> {
  const targets = (await findSandboxes(bwrapPath, instanceId)).filter(
    (p) => p.sessionId === known.sessionId,
  );
  if (
    known.pid !== null &&
    known.startTime !== null &&
    !targets.some((p) => p.pid === known.pid) &&
    (await isSameProcess(known.pid, known.startTime))
  ) {
    // Between spawn and bwrap's exec the process has no markers yet.
    targets.push({
      sessionId: known.sessionId,
      pid: known.pid,
      startTime: known.startTime,
      port: null,
      role: 'outer',
    });
  }
  for (const target of targets) signalProcess(target.pid, 'SIGKILL');
  await cgroups.killAll();
  if (!(await waitUntilGone(targets, exitWaitMs))) {
    throw new Error(`processes of session ${known.sessionId} did not exit`);
  }
}
