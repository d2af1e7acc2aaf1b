/**
 * Enforces deadlines, on the monotonic clock, once per `intervalMs`:
 * - maximum lifetime: ends even a busy session;
 * - idle timeout: no visitor activity (see the proxy: successful responses and WebSocket
 *   data frames, never pings or the hub's own probes) since the deadline AND no busy
 *   kernel (asked of the server itself; a kernel stuck in `starting` counts as busy only
 *   for `startingBusyMs`), so a long computation with no browser attached lives on;
 * - liveness: a server that died or was removed behind the hub's back ends its session
 *   (`server-died`, or `oom`); one that is running but does not answer `api/status`
 *   within `livenessTimeoutMs` for `livenessFailures` checks in a row (paused, stopped,
 *   hung) ends as `unresponsive`. Checks run every `pollIntervalMs`, one at a time per
 *   server, so a hung server ends within livenessFailures × max(pollIntervalMs,
 *   livenessTimeoutMs) plus one interval of this culler;
 * - queued visitors with no event stream and no status poll for the abandon timeout leave.
 * Ticks never overlap, a slow server check never delays the others, and at most
 * `concurrency` sessions are being ended at once.
 */
import { ConcurrencyLimit } from './concurrency-limit.js';
import type { LiveSession } from './live-session.js';
import type { EndReason } from './session.js';
import type { SessionHost } from './session-host.js';

export interface CullerOptions {
  readonly intervalMs: number;
  readonly queueAbandonMs: number;
  /** How often each running server is polled for liveness. */
  readonly pollIntervalMs: number;
  /** How long the kernel-activity check may take before the session counts as idle. */
  readonly kernelCheckTimeoutMs: number;
  /** How often last-activity times are written to the store. */
  readonly persistActivityMs: number;
  /** How long a kernel reported as `starting` counts as busy, after its last activity. */
  readonly startingBusyMs: number;
  /** How long a server has to answer one liveness check. */
  readonly livenessTimeoutMs: number;
  /** Liveness checks missed in a row before the session ends as `unresponsive`. */
  readonly livenessFailures: number;
  /** Most sessions being ended at once. */
  readonly concurrency: number;
}

export class Culler {
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private readonly ends: ConcurrencyLimit;
  /** Sessions waiting for (or in) an end this culler asked for. */
  private readonly ending = new Set<string>();

  constructor(
    private readonly host: SessionHost,
    private readonly options: CullerOptions,
  ) {
    this.ends = new ConcurrencyLimit(options.concurrency);
  }

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass over all live sessions; concurrent calls share the pass in flight. */
  tick(): Promise<void> {
    this.ticking ??= this.pass().finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async pass(): Promise<void> {
    const { clock } = this.host.deps;
    const now = clock.nowMs();
    const work: Promise<void>[] = [];
    for (const live of this.host.all()) {
      const { state } = live.record;
      if (state === 'queued') {
        if (live.openStreams === 0 && now - live.lastSeenMs > this.options.queueAbandonMs) {
          work.push(this.end(live, 'visitor'));
        }
      } else if (state === 'ready') {
        work.push(this.checkReady(live, now));
      }
    }
    await Promise.all(work);
  }

  /** Ends a session within the concurrency bound; asking twice waits for the same end. */
  private end(live: LiveSession, reason: EndReason): Promise<void> {
    const id = live.record.id;
    if (this.ending.has(id)) return Promise.resolve();
    this.ending.add(id);
    return this.ends.run(() => this.host.end(id, reason)).finally(() => this.ending.delete(id));
  }

  private async checkReady(live: LiveSession, now: number): Promise<void> {
    const { limits } = live.record;
    if (now - live.startedMs >= limits.maxLifetimeSeconds * 1000) return this.end(live, 'max-age');
    if (now - live.lastPollMs >= this.options.pollIntervalMs && !live.livenessCheck) {
      live.lastPollMs = now;
      live.livenessCheck = this.checkLiveness(live).finally(() => (live.livenessCheck = null));
    }
    if (now - live.lastActivityMs >= limits.idleTimeoutSeconds * 1000) {
      live.idleCheck ??= this.checkIdle(live).finally(() => (live.idleCheck = null));
      await live.idleCheck;
    }
    this.persistActivity(live, now);
  }

  /** Whether the server still runs and answers; ends the session when it does not. */
  private async checkLiveness(live: LiveSession): Promise<void> {
    const { spawner, probe, log } = this.host.deps;
    const { spawnerState, target, token, id } = live.record;
    if (!spawnerState || live.record.state !== 'ready') return;
    try {
      const status = await spawner.poll(spawnerState);
      if (!status.running) {
        log.info('a server is gone', { session: id, reason: status.reason, detail: status.detail });
        return this.end(live, status.reason === 'oom' ? 'oom' : 'server-died');
      }
    } catch (e) {
      // Backend unreachable: keep the session; the next poll decides.
      log.debug('poll failed', { session: id, error: e });
      return;
    }
    if (!target) return;
    const answered = await probe.answers(
      target,
      this.host.baseUrl(id),
      token,
      this.options.livenessTimeoutMs,
    );
    if (live.record.state !== 'ready') return;
    if (answered) {
      live.missedChecks = 0;
      return;
    }
    live.missedChecks++;
    log.info('a server missed a liveness check', { session: id, missed: live.missedChecks });
    if (live.missedChecks >= this.options.livenessFailures) return this.end(live, 'unresponsive');
  }

  private async checkIdle(live: LiveSession): Promise<void> {
    const { probe, clock, log } = this.host.deps;
    const { target, token, id } = live.record;
    let busy: boolean | null = null;
    if (target) {
      try {
        const signal = AbortSignal.timeout(this.options.kernelCheckTimeoutMs);
        busy = await probe.kernelsBusy(target, this.host.baseUrl(id), token, signal, {
          startingBusyMs: this.options.startingBusyMs,
          nowWallMs: clock.wallMs(),
        });
      } catch (e) {
        // Unknown is not idle: a server too busy to answer is not culled for it (the
        // liveness check catches a hung one, and the maximum lifetime still applies).
        log.debug('kernel activity check failed', { session: id, error: e });
      }
    }
    if (live.record.state !== 'ready') return;
    const now = clock.nowMs();
    if (busy) live.lastActivityMs = now;
    // Unknown (null) is decided by the next tick; activity may have arrived while we asked.
    else if (
      busy === false &&
      now - live.lastActivityMs >= live.record.limits.idleTimeoutSeconds * 1000
    ) {
      await this.end(live, 'idle');
    }
  }

  private persistActivity(live: LiveSession, now: number): void {
    if (live.record.state !== 'ready') return;
    if (live.lastActivityMs <= live.lastPersistedActivityMs) return;
    if (now - live.lastPersistedActivityMs < this.options.persistActivityMs) return;
    live.lastPersistedActivityMs = now;
    const { clock } = this.host.deps;
    const wall = clock.wallMs() - (now - live.lastActivityMs);
    this.host.update(live, { ...live.record, lastActivityAt: wall });
  }
}
