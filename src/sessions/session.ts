/**
 * A session's record and its state machine. States move only forward:
 *
 *   queued → starting → ready → stopping → ended
 *      └──────────────────────────────────────┘ (a queued visitor who leaves)
 *   starting → stopping (start failed or timed out)
 *
 * `transition` is pure: it checks the move and returns the new record; the manager
 * persists it. Every end carries a reason.
 */
import type { SpawnerState } from '../spawners/spawner.js';

export type SessionState = 'queued' | 'starting' | 'ready' | 'stopping' | 'ended';

export const endReasons = [
  'idle',
  'max-age',
  'admin',
  'visitor',
  'failed',
  'server-died',
  'oom',
  'unresponsive',
] as const;
export type EndReason = (typeof endReasons)[number];

export interface SessionLimits {
  readonly cpuPercent: number;
  readonly memoryLimit: string;
  readonly pidsLimit: number;
  readonly idleTimeoutSeconds: number;
  readonly maxLifetimeSeconds: number;
}

export interface SessionNotebook {
  readonly key: string;
  readonly title: string;
  /** File name in the workspace. */
  readonly file: string;
}

export interface SessionRecord {
  readonly id: string;
  readonly visitorId: string;
  readonly ckanUser: string | null;
  readonly clientAddress: string;
  readonly state: SessionState;
  readonly endedReason: EndReason | null;
  /** Visitor-safe explanation of a failure. */
  readonly error: string | null;
  /** Notebooks opened in this session, the latest last. */
  readonly notebooks: readonly SessionNotebook[];
  readonly limits: SessionLimits;
  /** Wall-clock milliseconds. */
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly readyAt: number | null;
  readonly endedAt: number | null;
  readonly lastActivityAt: number;
  /** Upstream server token: sent by the proxy, never to browsers. */
  readonly token: string;
  readonly spawner: string;
  readonly spawnerState: SpawnerState | null;
  /** Upstream origin once known. */
  readonly target: string | null;
}

const allowed: Readonly<Record<SessionState, readonly SessionState[]>> = {
  queued: ['starting', 'ended'],
  starting: ['ready', 'stopping'],
  ready: ['stopping'],
  stopping: ['ended'],
  ended: [],
};

export class TransitionError extends Error {}

export function canTransition(from: SessionState, to: SessionState): boolean {
  return allowed[from].includes(to);
}

/** The record after moving to `to`, with `patch` applied; throws on a move the machine does not allow. */
export function transition(
  session: SessionRecord,
  to: SessionState,
  wallMs: number,
  patch: Partial<Pick<SessionRecord, 'endedReason' | 'error' | 'spawnerState' | 'target'>> = {},
): SessionRecord {
  if (!canTransition(session.state, to)) {
    throw new TransitionError(`session ${session.id}: ${session.state} → ${to} is not allowed`);
  }
  if ((to === 'stopping' || (to === 'ended' && session.state === 'queued')) && !patch.endedReason) {
    throw new TransitionError(`session ${session.id}: ending needs a reason`);
  }
  return {
    ...session,
    ...patch,
    state: to,
    startedAt: to === 'starting' ? wallMs : session.startedAt,
    readyAt: to === 'ready' ? wallMs : session.readyAt,
    endedAt: to === 'ended' ? wallMs : session.endedAt,
    lastActivityAt: to === 'ready' ? wallMs : session.lastActivityAt,
  };
}

/** Sessions holding (or about to hold) a server count against capacity. */
export function holdsSlot(state: SessionState): boolean {
  return state === 'starting' || state === 'ready' || state === 'stopping';
}

export function isLive(state: SessionState): boolean {
  return state !== 'ended';
}
