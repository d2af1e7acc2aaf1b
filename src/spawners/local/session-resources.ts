import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { killSession } from './kill-session.js';
import type { LocalState } from './local-state.js';
import { SessionCgroups } from './session-cgroups.js';
import { removeTree } from './workspace.js';

/**
 * Where a session's things live on the host — workspace, server log, cgroups — derived
 * from its id alone, and how to get rid of them all. Deriving (rather than trusting
 * paths from a saved state) means `destroy` can only ever delete this hub's own folders.
 */
export class SessionResources {
  constructor(
    readonly scope: {
      readonly instanceId: string;
      readonly workspaceRoot: string;
      readonly logDir: string;
      readonly cgroupRoot: string;
      readonly bwrapPath: string;
    },
  ) {}

  workspaceOf(sessionId: string): string {
    return join(this.scope.workspaceRoot, sessionId);
  }

  logFileOf(sessionId: string): string {
    return join(this.scope.logDir, `${sessionId}.log`);
  }

  cgroupsOf(sessionId: string): SessionCgroups {
    return SessionCgroups.of(this.scope.cgroupRoot, this.scope.instanceId, sessionId);
  }

  /** The end of the server's log (what it said before it died), or '' when there is none. */
  async logTail(sessionId: string): Promise<string> {
    const log = await readFile(this.logFileOf(sessionId), 'utf8').catch(() => '');
    return log.slice(-2000).trim();
  }

  /**
   * When the kernel killed a process of a session with cgroup limits for memory (in
   * practice a kernel): kills the rest of the session and resolves true.
   */
  async killIfOomKilled(known: LocalState): Promise<boolean> {
    const cgroups = this.cgroupsOf(known.sessionId);
    if (known.limits !== 'cgroup-v1' || (await cgroups.oomKills()) === 0) return false;
    await killSession(this.scope.bwrapPath, this.scope.instanceId, known, cgroups);
    return true;
  }

  /** Kills every process of the session, then removes its cgroups, workspace and log. */
  async destroy(
    sessionId: string,
    known: { pid: number | null; startTime: string | null } | null,
  ): Promise<void> {
    const cgroups = this.cgroupsOf(sessionId);
    const { bwrapPath, instanceId } = this.scope;
    await killSession(
      bwrapPath,
      instanceId,
      { sessionId, pid: null, startTime: null, ...known },
      cgroups,
    );
    await cgroups.remove();
    await removeTree(this.workspaceOf(sessionId));
    await rm(this.logFileOf(sessionId), { force: true });
  }
}
