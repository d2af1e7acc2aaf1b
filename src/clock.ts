/**
 * Time, injected. Deadlines (idle, max-age, queue abandonment, rate limits) use the
 * monotonic `nowMs()`, so a wall-clock jump neither culls everything nor nothing.
 * `wallMs()` is only for what is shown or persisted (timestamps in the API and store).
 */
export interface Clock {
  /** Monotonic milliseconds; only differences between two readings mean anything. */
  nowMs(): number;
  /** Wall-clock milliseconds since the epoch. */
  wallMs(): number;
}

export const systemClock: Clock = {
  nowMs: () => performance.now(),
  wallMs: () => Date.now(),
};

/** A clock for tests: time moves only when `advance` is called. */
export class FakeClock implements Clock {
  private monotonicMs = 1_000_000;
  constructor(private wall = Date.UTC(2026, 0, 1)) {}
  nowMs(): number {
    return this.monotonicMs;
  }
  wallMs(): number {
    return this.wall;
  }
  advance(ms: number): void {
    this.monotonicMs += ms;
    this.wall += ms;
  }
  /** Move only the wall clock, as an NTP step or a manual `date -s` would. */
  jumpWall(ms: number): void {
    this.wall += ms;
  }
}
