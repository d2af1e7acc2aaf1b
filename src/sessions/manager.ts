/**
 * The session manager: owns the state (live sessions, the FIFO queue, the pool) and the
 * launch path (launch, queue, begin). Slot reservation is synchronous (JavaScript runs one
 * turn at a time), so no burst of simultaneous launches can exceed max_sessions. Its rules
 * and steps live beside it: capacity.ts (slots, 429s), new-session.ts (a launch's record),
 * add-notebook.ts (a visitor's second launch), end-session.ts (ending). Starting a server,
 * the pool, culling and reconciliation act through the `SessionHost` interface it
 * implements (session-host.ts), never through its internals.
 */
import { EventEmitter } from 'node:events';
import type { Visitor } from '../identity/visitor.js';
import type { RuntimeSettings } from '../settings/runtime-settings.js';
import type { ResolvedNotebook } from '../sources/source.js';
import { memoryBytes } from '../config/fields.js';
import type { ResourceLimits } from '../spawners/spawner.js';
import { addNotebook, copyNotebookInto } from './add-notebook.js';
import { checkAdmission, findSlot, retryAfterSeconds, type Slot } from './capacity.js';
import { finishSession } from './end-session.js';
import { LiveSessions, newLiveSession, type LiveSession } from './live-session.js';
import type { ManagerDeps } from './manager-deps.js';
import { newSessionRecord } from './new-session.js';
import type { PooledServer, ServerPool } from './pooled-server.js';
import { transition, type EndReason, type SessionRecord, type SessionState } from './session.js';
import type { SessionHost } from './session-host.js';
import { startServer } from './start-server.js';

export type { ManagerDeps, ManagerOptions } from './manager-deps.js';

export interface LaunchResult {
  readonly session: SessionRecord;
  /** False when the visitor's running session was re-used. */
  readonly created: boolean;
}

export class SessionManager
  extends EventEmitter<{ change: [SessionRecord] }>
  implements SessionHost
{
  readonly live = new LiveSessions();
  /** Pre-started servers, when the pool is on (set once, by the composition root). */
  pool: ServerPool | null = null;

  constructor(readonly deps: ManagerDeps) {
    super();
    this.setMaxListeners(0);
    deps.settings.onChange(() => this.pump());
  }

  get settings(): RuntimeSettings {
    return this.deps.settings.get();
  }

  baseUrl(sessionId: string): string {
    return `${this.deps.options.basePath}user/${sessionId}/`;
  }

  currentLimits(): ResourceLimits {
    const s = this.settings;
    return {
      cpuPercent: s.cpu_percent,
      memoryBytes: memoryBytes(s.memory_limit),
      pidsLimit: this.deps.options.pidsLimit,
    };
  }

  get(id: string): LiveSession | undefined {
    return this.live.get(id);
  }

  all(): LiveSession[] {
    return [...this.live.byId.values()];
  }

  queueLength(): number {
    return this.live.queue.length;
  }

  heldSlots(): number {
    return this.live.held().all;
  }

  adopt(live: LiveSession): void {
    this.live.byId.set(live.record.id, live);
  }

  announce(live: LiveSession): void {
    this.emit('change', live.record);
  }

  /**
   * Start (or queue) a session for a validated notebook. A visitor with a live session
   * gets it back with the new notebook added. Throws 429s for full queue and address caps.
   */
  launch(visitor: Visitor, notebook: ResolvedNotebook): LaunchResult {
    const existing = this.live.ofVisitor(visitor.id);
    if (existing) {
      addNotebook(this, existing, notebook);
      return { session: existing.record, created: false };
    }
    const startsNow = this.admissible(visitor);
    const pooled = startsNow ? this.pool?.take(this.currentLimits()) : undefined;
    const live = this.create(visitor, notebook, pooled);
    if (startsNow) this.begin(live);
    else {
      this.live.queue.push(live.record.id);
      this.emit('change', live.record);
    }
    this.pool?.refill();
    return { session: live.record, created: true };
  }

  /**
   * Throws the 429 a launch by this visitor would get right now (full queue, address
   * cap), so it is answered before a notebook is fetched or a launch ticket used up;
   * else whether it would start at once. `launch` asks again, atomically.
   */
  admissible(visitor: Visitor): boolean {
    return checkAdmission(this, this.deps.options, visitor);
  }

  /** End a session for `reason`; resolves once its server is gone. Unknown or ended: no-op. */
  end(id: string, reason: EndReason, error: string | null = null): Promise<void> {
    const live = this.live.get(id);
    if (!live) return Promise.resolve();
    live.ending ??= finishSession(this, live, reason, error);
    return live.ending;
  }

  /** Start queued sessions, in order, while slots are free. */
  pump(): void {
    while (this.live.queue.length > 0) {
      const head = this.live.get(this.live.queue[0]!);
      if (!head) {
        this.live.queue.shift();
        continue;
      }
      if (this.slotFor(head.record.ckanUser !== null) === null) break;
      this.live.queue.shift();
      this.begin(head);
    }
    for (const id of this.live.queue) this.emit('change', this.live.get(id)!.record);
    this.pool?.refill();
  }

  /** Whether a session may start now (capacity.ts: `Slot`). */
  slotFor(loggedIn: boolean): Slot {
    return findSlot(this.live, this.settings, this.pool?.held() ?? 0, loggedIn);
  }

  /** Persist and announce a new version of a live session's record. */
  update(live: LiveSession, record: SessionRecord): void {
    live.record = record;
    this.deps.store.saveSession(record);
    this.emit('change', record);
  }

  move(live: LiveSession, to: SessionState, patch: Parameters<typeof transition>[3] = {}): void {
    this.update(live, transition(live.record, to, this.deps.clock.wallMs(), patch));
  }

  /** Seconds a visitor turned away should wait: until the earliest session deadline, within reason. */
  retryAfterSeconds(): number {
    return retryAfterSeconds();
  }

  private create(
    visitor: Visitor,
    notebook: ResolvedNotebook,
    pooled: PooledServer | undefined,
  ): LiveSession {
    const { clock } = this.deps;
    const record = newSessionRecord(visitor, notebook, pooled, {
      settings: this.settings,
      pidsLimit: this.deps.options.pidsLimit,
      spawnerKind: this.deps.spawner.kind,
      clock,
    });
    const live = newLiveSession(record, clock.nowMs(), { pooled, pending: [notebook] });
    this.live.byId.set(record.id, live);
    this.deps.store.saveSession(record);
    return live;
  }

  private begin(live: LiveSession): void {
    if (!live.pooled && this.slotFor(live.record.ckanUser !== null) === 'pool')
      this.pool?.yieldSlot();
    const now = this.deps.clock.nowMs();
    this.deps.metrics.queueWaited((now - live.startedMs) / 1000);
    live.startedMs = now;
    live.stage = 'fetching';
    this.move(live, 'starting');
    live.starting = startServer(this, live);
  }

  /** Write a notebook into a running server (a second launch by the same visitor). */
  copyInto(live: LiveSession, notebook: ResolvedNotebook): Promise<void> {
    return copyNotebookInto(this, live, notebook);
  }
}
