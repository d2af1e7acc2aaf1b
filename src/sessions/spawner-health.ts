/**
 * Whether the spawner's backend can take a launch right now, asked of `spawner.check()`
 * at most once per `okForMs` while it answers and once per `downForMs` while it does
 * not. A launch while the backend is down fails fast with a clear 503 instead of
 * costing a slot; when the backend is back, the next check lets launches through again
 * without a restart. Listeners given to `onRecovered` hear when it answers again after
 * a failure (the pool then checks its servers: a restarted engine lost them).
 */
import type { Clock } from '../clock.js';
import { HubError } from '../errors/hub-error.js';
import type { Spawner } from '../spawners/spawner.js';

export class SpawnerHealth {
  private checkedAtMs = Number.NEGATIVE_INFINITY;
  private failure: HubError | null = null;
  private inFlight: Promise<void> | null = null;
  private readonly recovered: Array<() => void> = [];

  constructor(
    private readonly spawner: Spawner,
    private readonly clock: Clock,
    private readonly okForMs = 2000,
    private readonly downForMs = 500,
  ) {}

  /** Resolves when the backend answered recently; else throws `spawner_unavailable`. */
  async ensure(): Promise<void> {
    const age = this.clock.nowMs() - this.checkedAtMs;
    const fresh = this.failure ? age < this.downForMs : age < this.okForMs;
    if (!fresh) {
      this.inFlight ??= this.recheck().finally(() => (this.inFlight = null));
      await this.inFlight;
    }
    if (this.failure) throw this.failure;
  }

  /** `listener` runs each time the backend answers again after a failed check. */
  onRecovered(listener: () => void): void {
    this.recovered.push(listener);
  }

  /** Called when a start failed for the backend's sake, so the next launch re-checks. */
  suspect(): void {
    this.checkedAtMs = Number.NEGATIVE_INFINITY;
  }

  private async recheck(): Promise<void> {
    try {
      await this.spawner.check();
      const wasDown = this.failure !== null;
      this.failure = null;
      if (wasDown) for (const listener of this.recovered) listener();
    } catch (e) {
      this.failure =
        e instanceof HubError && e.code === 'spawner_unavailable'
          ? e
          : new HubError('spawner_unavailable', { cause: e });
    }
    this.checkedAtMs = this.clock.nowMs();
  }
}
