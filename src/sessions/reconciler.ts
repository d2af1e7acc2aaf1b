/**
 * Keeps the store and the spawner's servers consistent, at start-up and periodically:
 * - a stored live session whose server still runs AND answers its `api/status` (within
 *   the liveness timeout, in one of `livenessFailures` tries) is re-adopted with its route
 *   (after a hub restart, even a `kill -9`, the same URL works again); one that runs but
 *   does not answer (paused, stopped, hung) is stopped and ended as `unresponsive`, never
 *   routed;
 * - a stored session whose server is gone is ended (`server-died` or `oom`), never routed;
 * - a server the store does not know as live (an orphan) is stopped.
 * Deadlines are carried over from the persisted wall-clock times. Stored sessions are
 * checked `concurrency` at a time.
 */
import type { OwnedServer } from '../spawners/spawner.js';
import { ConcurrencyLimit } from './concurrency-limit.js';
import { newLiveSession } from './live-session.js';
import type { SessionHost } from './session-host.js';
import { transition, type SessionRecord } from './session.js';

export interface ReconcilerOptions {
  /** How long a re-adopted server has to answer one `api/status`. */
  readonly livenessTimeoutMs: number;
  /** Tries it gets before it counts as unresponsive. */
  readonly livenessFailures: number;
  /** Stored sessions checked at once at start-up. */
  readonly concurrency: number;
}

export class Reconciler {
  constructor(
    private readonly host: SessionHost,
    private readonly options: ReconcilerOptions,
  ) {}

  /** Run once before the hub serves requests. */
  async adopt(): Promise<void> {
    const { store, spawner, log } = this.host.deps;
    const limit = new ConcurrencyLimit(this.options.concurrency);
    await Promise.all(store.liveSessions().map((record) => limit.run(() => this.adoptOne(record))));
    await this.reapOrphans();
    const adopted = this.host.all().length;
    if (adopted > 0)
      log.info('re-adopted live sessions', { sessions: adopted, spawner: spawner.kind });
  }

  /** Stop servers that no live session owns. Errors are logged; the next pass retries. */
  async reapOrphans(): Promise<number> {
    const { spawner, log } = this.host.deps;
    let owned: OwnedServer[];
    try {
      owned = await spawner.listOwned();
    } catch (e) {
      log.debug('listing servers failed', { error: e });
      return 0;
    }
    let reaped = 0;
    for (const server of owned) {
      const live = this.host.get(server.sessionId);
      if (live && live.record.state !== 'ended') continue;
      if (this.host.pool?.owns(server.sessionId)) continue;
      try {
        await spawner.stop(server.state);
        reaped++;
        log.info('removed an orphaned server', { session: server.sessionId });
      } catch (e) {
        log.warn('removing an orphaned server failed', { session: server.sessionId, error: e });
      }
    }
    return reaped;
  }

  private async adoptOne(record: SessionRecord): Promise<void> {
    const { store, spawner, clock, log, metrics } = this.host.deps;
    const endNow = (reason: SessionRecord['endedReason'], error: string | null) => {
      const wall = clock.wallMs();
      if (reason) metrics.sessionEnded(reason, wall);
      const stopping =
        record.state === 'stopping'
          ? record
          : transition(record, record.state === 'queued' ? 'ended' : 'stopping', wall, {
              endedReason: reason,
              error,
            });
      store.saveSession(
        stopping.state === 'ended' ? stopping : transition(stopping, 'ended', wall),
      );
    };
    if (record.state === 'queued')
      return endNow('failed', 'The hub restarted while you were waiting. Please start again.');
    const state = record.spawnerState;
    let status: Awaited<ReturnType<typeof spawner.poll>> = { running: false, reason: 'missing' };
    if (state) {
      try {
        status = await spawner.poll(state);
      } catch (e) {
        log.warn('cannot poll a stored session at start-up; ending it', {
          session: record.id,
          error: e,
        });
      }
    }
    const answers =
      record.state === 'ready' &&
      status.running &&
      record.target !== null &&
      (await this.answers(record));
    if (record.state === 'ready' && answers) {
      this.register(record);
      return;
    }
    if (state) await spawner.stop(state).catch(() => {});
    if (record.state === 'stopping') return endNow(record.endedReason, record.error);
    if (record.state === 'starting')
      return endNow(
        'failed',
        'The hub restarted while your session was starting. Please start again.',
      );
    if (status.running) {
      log.warn('a stored session runs but does not answer; ending it', { session: record.id });
      return endNow('unresponsive', null);
    }
    endNow(status.reason === 'oom' ? 'oom' : 'server-died', null);
  }

  private async answers(record: SessionRecord): Promise<boolean> {
    const { probe } = this.host.deps;
    for (let attempt = 0; attempt < this.options.livenessFailures; attempt++) {
      const baseUrl = this.host.baseUrl(record.id);
      if (
        await probe.answers(record.target!, baseUrl, record.token, this.options.livenessTimeoutMs)
      )
        return true;
    }
    return false;
  }

  private register(record: SessionRecord): void {
    const { clock } = this.host.deps;
    const nowMs = clock.nowMs();
    const wall = clock.wallMs();
    const sinceWall = (t: number | null) => nowMs - Math.max(0, wall - (t ?? wall));
    const live = newLiveSession(record, nowMs, {
      startedMs: sinceWall(record.startedAt),
      lastActivityMs: sinceWall(record.lastActivityAt),
    });
    this.host.adopt(live);
  }
}
