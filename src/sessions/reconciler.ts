/**
 * Keeps the store and the spawner's servers consistent, at start-up and periodically:
 * - a stored live session whose server still runs is re-adopted with its route (after a
 *   hub restart, even a `kill -9`, the same URL works again);
 * - a stored session whose server is gone is ended (`server-died` or `oom`), never routed;
 * - a server the store does not know as live (an orphan) is stopped.
 * Deadlines are carried over from the persisted wall-clock times.
 */
import type { OwnedServer } from '../spawners/spawner.js';
import type { LiveSession } from './live-session.js';
import type { SessionHost } from './session-host.js';
import { transition, type SessionRecord } from './session.js';

export class Reconciler {
  constructor(private readonly host: SessionHost) {}

  /** Run once before the hub serves requests. */
  async adopt(): Promise<void> {
    const { store, spawner, log } = this.host.deps;
    for (const record of store.liveSessions()) {
      await this.adoptOne(record);
    }
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
    const { store, spawner, clock, log } = this.host.deps;
    const endNow = (reason: SessionRecord['endedReason'], error: string | null) => {
      const wall = clock.wallMs();
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
    if (record.state === 'ready' && status.running && record.target) {
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
    endNow(!status.running && status.reason === 'oom' ? 'oom' : 'server-died', null);
  }

  private register(record: SessionRecord): void {
    const { clock } = this.host.deps;
    const nowMs = clock.nowMs();
    const wall = clock.wallMs();
    const sinceWall = (t: number | null) => nowMs - Math.max(0, wall - (t ?? wall));
    const live: LiveSession = {
      record,
      stage: null,
      pooled: null,
      pending: [],
      startedMs: sinceWall(record.startedAt),
      lastActivityMs: sinceWall(record.lastActivityAt),
      lastSeenMs: nowMs,
      openStreams: 0,
      lastPollMs: nowMs,
      lastPersistedActivityMs: nowMs,
      idleCheck: null,
      starting: null,
      abort: null,
      ending: null,
    };
    this.host.adopt(live);
  }
}
