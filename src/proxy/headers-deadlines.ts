/** Something that can be aborted when its deadline passes. */
export interface Abortable {
  destroy(error: Error): void;
}

/**
 * Deadlines for upstream answers, checked by one sweeping timer instead of a timer per
 * request: arming and disarming is a Map insert and delete, cheaper on the hot path than
 * re-arming a socket timeout twice per request. A request is aborted between
 * `timeoutMs` and `timeoutMs + sweepMs` after it was armed.
 */
export class HeadersDeadlines {
  private readonly armedAtMs = new Map<Abortable, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly timeoutMs: number,
    private readonly onExpired: () => Error,
    private readonly nowMs: () => number = () => performance.now(),
    sweepMs = Math.max(10, Math.min(1_000, timeoutMs / 4)),
  ) {
    this.timer = setInterval(() => this.sweep(), sweepMs);
    this.timer.unref();
  }

  arm(request: Abortable): void {
    this.armedAtMs.set(request, this.nowMs());
  }

  disarm(request: Abortable): void {
    this.armedAtMs.delete(request);
  }

  /** Aborts every request armed longer than the timeout ago. */
  sweep(): void {
    const cutoff = this.nowMs() - this.timeoutMs;
    // Insertion order is arming order, so the first live entry ends the scan.
    for (const [request, armedAt] of this.armedAtMs) {
      if (armedAt > cutoff) break;
      this.armedAtMs.delete(request);
      request.destroy(this.onExpired());
    }
  }

  /** Stops the timer; pending requests are left alone. */
  close(): void {
    clearInterval(this.timer);
    this.armedAtMs.clear();
  }
}
