/**
 * Ending a session (the work behind the manager's `end`, run once per session). A queued
 * session leaves the queue and ends. A started one moves to stopping (a ready one first
 * records when it was last active), its start in flight is aborted and awaited, its
 * server stopped, and it ends; a stop that fails is logged and left to the reconciler to
 * reap. Either way the session leaves the live set, the end is counted and logged, and
 * the queue moves on (`pump`).
 */
import type { LiveSession, LiveSessions } from './live-session.js';
import type { EndReason } from './session.js';
import type { SessionHost } from './session-host.js';

/** What ending needs of the manager: the live set and the queue, and moving the queue on. */
export interface EndingHost extends Pick<SessionHost, 'deps' | 'update' | 'move'> {
  readonly live: LiveSessions;
  /** Start queued sessions, in order, while slots are free. */
  pump(): void;
}

export async function finishSession(
  host: EndingHost,
  live: LiveSession,
  reason: EndReason,
  error: string | null,
): Promise<void> {
  const { log, metrics, clock, spawner } = host.deps;
  const id = live.record.id;
  if (live.record.state === 'queued') {
    host.live.queue.splice(host.live.queue.indexOf(id), 1);
    host.move(live, 'ended', { endedReason: reason, error });
  } else {
    if (live.record.state === 'ready') {
      // The last activity as the hub saw it, so the record tells how long it sat idle.
      const idleMs = clock.nowMs() - live.lastActivityMs;
      host.update(live, { ...live.record, lastActivityAt: clock.wallMs() - idleMs });
    }
    if (live.record.state !== 'stopping')
      host.move(live, 'stopping', { endedReason: reason, error });
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
    host.move(live, 'ended');
  }
  host.live.byId.delete(id);
  metrics.sessionEnded(reason, clock.wallMs());
  log.info('session ended', { session: id, reason });
  host.pump();
}
