/**
 * Enforces deadlines, on the monotonic clock, once per `intervalMs`:
 * - maximum lifetime: ends even a busy session;
 * - idle timeout: no successful proxied traffic since the deadline AND no busy kernel
 *   (asked of the server itself), so a long computation with no browser attached lives on;
 * - liveness: a server that died or was removed behind the hub's back ends its session
 *   (`server-died`, or `oom`) and frees its slot;
 * - queued visitors with no event stream and no status poll for the abandon timeout leave.
 * Ticks never overlap, and a slow server check never delays the others.
 */
import type { LiveSession } from './live-session.js';
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
}

export class Culler {
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;

  constructor(
    private readonly host: SessionHost,
    private readonly options: CullerOptions,
  ) {}

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
      const { state, id } = live.record;
      if (state === 'queued') {
        if (live.openStreams === 0 && now - live.lastSeenMs > this.options.queueAbandonMs) {
          work.push(this.host.end(id, 'visitor'));
        }
      } else if (state === 'ready') {
        work.push(this.checkReady(live, now));
      }
    }
    await Promise.all(work);
  }

  private async checkReady(live: LiveSession, now: number): Promise<void> {
    const { host } = this;
    const { limits, id } = live.record;
    if (now - live.startedMs >= limits.maxLifetimeSeconds * 1000) return host.end(id, 'max-age');
    if (now - live.lastPollMs >= this.options.pollIntervalMs) {
      live.lastPollMs = now;
      const ended = await this.pollServer(live);
      if (ended) return;
    }
    if (now - live.lastActivityMs >= limits.idleTimeoutSeconds * 1000) {
      live.idleCheck ??= this.checkIdle(live).finally(() => (live.idleCheck = null));
      await live.idleCheck;
    }
    this.persistActivity(live, now);
  }

  /** Returns true when the server is gone and the session was ended. */
  async pollServer(live: LiveSession): Promise<boolean> {
    const { spawner, log } = this.host.deps;
    const state = live.record.spawnerState;
    if (!state || live.record.state !== 'ready') return false;
    try {
      const status = await spawner.poll(state);
      if (status.running) return false;
      await this.host.end(live.record.id, status.reason === 'oom' ? 'oom' : 'server-died');
      return true;
    } catch (e) {
      // Backend unreachable: keep the session; the next poll decides.
      log.debug('poll failed', { session: live.record.id, error: e });
      return false;
    }
  }

  private async checkIdle(live: LiveSession): Promise<void> {
    const { probe, clock, log } = this.host.deps;
    const { target, token, id } = live.record;
    let busy: boolean | null = null;
    if (target) {
      try {
        const signal = AbortSignal.timeout(this.options.kernelCheckTimeoutMs);
        busy = await probe.kernelsBusy(target, this.host.baseUrl(id), token, signal);
      } catch (e) {
        // Unknown is not idle: a server too busy to answer is not culled for it (the
        // liveness poll catches a dead one, and the maximum lifetime still applies).
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
      await this.host.end(id, 'idle');
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
