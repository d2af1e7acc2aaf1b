/**
 * The hub's in-memory view of sessions that have not ended: the persisted record plus
 * what only makes sense while the process lives (monotonic timestamps, the notebook
 * waiting to be materialised, the start in flight, open event streams).
 */
import type { FileProgress } from '../sources/file-progress.js';
import type { ResolvedNotebook } from '../sources/source.js';
import { holdsSlot, type SessionRecord } from './session.js';
import type { PooledServer } from './pooled-server.js';

export interface LiveSession {
  record: SessionRecord;
  /**
   * What a starting session is doing now (shown as progress): fetching, starting, then on
   * a cluster spawner scheduling (placement) and preparing (the node pulls the image),
   * then connecting.
   */
  stage: 'queued' | 'fetching' | 'starting' | 'scheduling' | 'preparing' | 'connecting' | null;
  /** Each file's progress while the launch copies a dataset's files (null: none reported). */
  files: readonly FileProgress[] | null;
  /** The pre-started server this session was handed, if any. */
  pooled: PooledServer | null;
  /** Notebooks to write into the workspace when the server starts (or once it is ready). */
  pending: ResolvedNotebook[];
  /** Monotonic ms of the start (queued sessions: of the launch). */
  startedMs: number;
  lastActivityMs: number;
  /** Last status poll or event-stream activity of a queued visitor. */
  lastSeenMs: number;
  openStreams: number;
  lastPollMs: number;
  lastPersistedActivityMs: number;
  idleCheck: Promise<void> | null;
  /** The liveness check in flight, and how many checks in a row the server missed. */
  livenessCheck: Promise<void> | null;
  missedChecks: number;
  starting: Promise<void> | null;
  abort: AbortController | null;
  ending: Promise<void> | null;
}

/**
 * A new live session for `record` with nothing in flight: started and last active at the
 * given monotonic times (a re-adopted session's come from its record), seen and polled now.
 */
export function newLiveSession(
  record: SessionRecord,
  nowMs: number,
  options: {
    readonly pooled?: PooledServer | null;
    readonly pending?: ResolvedNotebook[];
    readonly startedMs?: number;
    readonly lastActivityMs?: number;
  } = {},
): LiveSession {
  return {
    record,
    stage: null,
    files: null,
    pooled: options.pooled ?? null,
    pending: options.pending ?? [],
    startedMs: options.startedMs ?? nowMs,
    lastActivityMs: options.lastActivityMs ?? nowMs,
    lastSeenMs: nowMs,
    openStreams: 0,
    lastPollMs: nowMs,
    lastPersistedActivityMs: nowMs,
    idleCheck: null,
    livenessCheck: null,
    missedChecks: 0,
    starting: null,
    abort: null,
    ending: null,
  };
}

/** Live sessions and the FIFO queue. Only the manager mutates it. */
export class LiveSessions {
  readonly byId = new Map<string, LiveSession>();
  readonly queue: string[] = [];

  get(id: string): LiveSession | undefined {
    return this.byId.get(id);
  }

  ofVisitor(visitorId: string): LiveSession | undefined {
    for (const live of this.byId.values()) {
      if (live.record.visitorId === visitorId && live.record.state !== 'stopping') return live;
    }
    return undefined;
  }

  /** Sessions holding a server slot, and how many of those are guests'. */
  held(): { all: number; guests: number } {
    let all = 0;
    let guests = 0;
    for (const live of this.byId.values()) {
      if (!holdsSlot(live.record.state)) continue;
      all++;
      if (live.record.ckanUser === null) guests++;
    }
    return { all, guests };
  }

  fromAddress(address: string): number {
    let n = 0;
    for (const live of this.byId.values()) {
      if (live.record.clientAddress === address && live.record.ckanUser === null) n++;
    }
    return n;
  }

  position(id: string): number | null {
    const index = this.queue.indexOf(id);
    return index < 0 ? null : index + 1;
  }

  inState(state: SessionRecord['state']): LiveSession[] {
    return [...this.byId.values()].filter((l) => l.record.state === state);
  }
}
