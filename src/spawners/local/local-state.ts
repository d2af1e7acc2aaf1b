import { isSessionId, type SpawnerState } from '../spawner.js';

/**
 * What the local spawner keeps about a session, persisted by the hub as opaque JSON.
 * Paths in it are informational: `stop` derives the workspace and cgroups from the
 * session id, so a corrupted or foreign state can never make it delete anything else.
 */
export interface LocalState {
  readonly kind: 'local';
  readonly sessionId: string;
  /** Host pid of the outer bwrap (null when only leftovers were found). */
  readonly pid: number | null;
  /** `/proc/<pid>/stat` start time, telling our process from a later one with the same pid. */
  readonly startTime: string | null;
  readonly port: number | null;
  readonly workspace: string;
  readonly cgroups: readonly string[];
  /** `cgroup-v1` when memory, CPU and pids limits apply; `none` when the host gave no cgroups. */
  readonly limits: 'cgroup-v1' | 'none';
}

export { isSessionId };

/** Reads a state back; null when it is not one of ours (then there is nothing to act on). */
export function parseLocalState(state: SpawnerState | null | undefined): LocalState | null {
  if (!state || state.kind !== 'local' || !isSessionId(state.sessionId)) return null;
  const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null);
  return {
    kind: 'local',
    sessionId: state.sessionId,
    pid: int(state.pid),
    startTime: typeof state.startTime === 'string' ? state.startTime : null,
    port: int(state.port),
    workspace: typeof state.workspace === 'string' ? state.workspace : '',
    cgroups: Array.isArray(state.cgroups) ? state.cgroups.filter((c) => typeof c === 'string') : [],
    limits: state.limits === 'cgroup-v1' ? 'cgroup-v1' : 'none',
  };
}
