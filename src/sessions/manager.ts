/**
 * The session manager: launches, the capacity check and the FIFO queue, ends. Slot
 * reservation is synchronous (JavaScript runs one turn at a time), so no burst of
 * simultaneous launches can exceed max_sessions. The manager owns the state (live
 * sessions, the queue, the pool); starting a server, the pool, culling and
 * reconciliation live in their own modules and act through the `SessionHost` interface
 * it implements (session-host.ts), never through its internals.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { HubError } from '../errors/hub-error.js';
import type { Visitor } from '../identity/visitor.js';
import {
  effectiveGuestCap,
  type RuntimeSettings,
  type SettingsService,
} from '../settings/runtime-settings.js';
import type { ResolvedNotebook } from '../sources/source.js';
import { memoryBytes } from '../config/fields.js';
import type { ResourceLimits } from '../spawners/spawner.js';
import { LiveSessions, newLiveSession, type LiveSession } from './live-session.js';
import type { PooledServer, ServerPool } from './pooled-server.js';
import { transition, type EndReason, type SessionRecord, type SessionState } from './session.js';
import type { SessionHost, SessionTools } from './session-host.js';
import { startServer } from './start-server.js';

export interface ManagerOptions {
  readonly basePath: string;
  readonly pidsLimit: number;
  readonly queueMax: number;
  readonly maxSessionsPerAddress: number;
  readonly startTimeoutSeconds: number;
  /** Folder for per-launch staging copies of notebooks. */
  readonly stagingDir: string;
  /** How long a server has to answer one liveness check (`api/status`). */
  readonly livenessTimeoutMs: number;
  /** CPU share while a server starts, dropped to cpu_percent once it answers (cpu-boost.ts). */
  readonly startCpuPercent: number;
}

export interface ManagerDeps extends SessionTools {
  readonly settings: SettingsService;
  readonly options: ManagerOptions;
}

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
      this.addNotebook(existing, notebook);
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
    const { options } = this.deps;
    if (visitor.ckanUser === null && options.maxSessionsPerAddress > 0) {
      if (this.live.fromAddress(visitor.address) >= options.maxSessionsPerAddress) {
        throw new HubError('address_limit', { retryAfterSeconds: 60 });
      }
    }
    const startsNow =
      this.live.queue.length === 0 && this.slotFor(visitor.ckanUser !== null) !== null;
    if (!startsNow && this.live.queue.length >= options.queueMax) {
      throw new HubError('hub_full', { retryAfterSeconds: this.retryAfterSeconds() });
    }
    return startsNow;
  }

  /** End a session for `reason`; resolves once its server is gone. Unknown or ended: no-op. */
  end(id: string, reason: EndReason, error: string | null = null): Promise<void> {
    const live = this.live.get(id);
    if (!live) return Promise.resolve();
    live.ending ??= this.finish(live, reason, error);
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

  /**
   * Whether a session may start now: `free` when a slot is unused, `pool` when the pool
   * holds the last free slots (a launch then takes a pooled server, or the pool yields a
   * slot), null when the hub (or the guests' share of it) is full.
   */
  slotFor(loggedIn: boolean): 'free' | 'pool' | null {
    const held = this.live.held();
    const s = this.settings;
    const pooled = this.pool?.held() ?? 0;
    if (held.all >= s.max_sessions || (!loggedIn && held.guests >= effectiveGuestCap(s)))
      return null;
    return held.all + pooled < s.max_sessions ? 'free' : 'pool';
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
    return 30;
  }

  private create(
    visitor: Visitor,
    notebook: ResolvedNotebook,
    pooled: PooledServer | undefined,
  ): LiveSession {
    const { clock } = this.deps;
    const s = this.settings;
    const record: SessionRecord = {
      id: pooled?.id ?? randomBytes(12).toString('hex'),
      visitorId: visitor.id,
      ckanUser: visitor.ckanUser,
      clientAddress: visitor.address,
      state: 'queued',
      endedReason: null,
      error: null,
      notebooks: [{ key: notebook.key, title: notebook.title, file: notebook.fileName }],
      limits: {
        cpuPercent: s.cpu_percent,
        memoryLimit: s.memory_limit,
        pidsLimit: this.deps.options.pidsLimit,
        idleTimeoutSeconds: s.idle_timeout_seconds,
        maxLifetimeSeconds: s.max_lifetime_seconds,
      },
      createdAt: clock.wallMs(),
      startedAt: null,
      readyAt: null,
      endedAt: null,
      lastActivityAt: clock.wallMs(),
      token: pooled?.token ?? randomBytes(24).toString('base64url'),
      spawner: this.deps.spawner.kind,
      spawnerState: null,
      target: null,
    };
    const now = clock.nowMs();
    const live = newLiveSession(record, now, { pooled, pending: [notebook] });
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

  private addNotebook(live: LiveSession, notebook: ResolvedNotebook): void {
    const known = live.record.notebooks.some(
      (n) => n.key === notebook.key && n.file === notebook.fileName,
    );
    const notebooks = [
      ...live.record.notebooks.filter((n) => n.file !== notebook.fileName),
      { key: notebook.key, title: notebook.title, file: notebook.fileName },
    ];
    this.update(live, { ...live.record, notebooks });
    // The same notebook again (another tab, a reload) keeps the visitor's edits.
    if (known) return;
    if (live.record.state === 'ready') void this.copyInto(live, notebook);
    else live.pending.push(notebook);
  }

  /** Write a notebook into a running server (a second launch by the same visitor). */
  async copyInto(live: LiveSession, notebook: ResolvedNotebook): Promise<void> {
    const dir = await mkdtemp(join(this.deps.options.stagingDir, `${live.record.id}-`));
    try {
      await notebook.materialize(
        dir,
        AbortSignal.timeout(this.deps.options.startTimeoutSeconds * 1000),
      );
      if (live.record.spawnerState) await this.deps.spawner.addFiles(live.record.spawnerState, dir);
    } catch (e) {
      this.deps.log.warn('could not add a notebook to a running session', {
        session: live.record.id,
        error: e,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async finish(live: LiveSession, reason: EndReason, error: string | null): Promise<void> {
    const { log, metrics, clock, spawner } = this.deps;
    const id = live.record.id;
    if (live.record.state === 'queued') {
      this.live.queue.splice(this.live.queue.indexOf(id), 1);
      this.move(live, 'ended', { endedReason: reason, error });
    } else {
      if (live.record.state === 'ready') {
        // The last activity as the hub saw it, so the record tells how long it sat idle.
        const idleMs = clock.nowMs() - live.lastActivityMs;
        this.update(live, { ...live.record, lastActivityAt: clock.wallMs() - idleMs });
      }
      if (live.record.state !== 'stopping')
        this.move(live, 'stopping', { endedReason: reason, error });
      live.abort?.abort(new Error(`session ended: ${reason}`));
      await live.starting?.catch(() => {});
      const state = live.record.spawnerState;
      if (state) {
        try {
          const stopStartedMs = clock.nowMs();
          await spawner.stop(state);
          metrics.sessionStopped(spawner.kind, (clock.nowMs() - stopStartedMs) / 1000);
        } catch (e) {
          // The reconciler reaps what is left once the backend answers again.
          log.warn('stopping a server failed; it will be reaped later', { session: id, error: e });
        }
      }
      this.move(live, 'ended');
    }
    this.live.byId.delete(id);
    metrics.sessionEnded(reason, clock.wallMs());
    log.info('session ended', { session: id, reason });
    this.pump();
  }
}
