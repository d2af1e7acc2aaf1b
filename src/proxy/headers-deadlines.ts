/** Something that can be aborted when its deadline passes. */
export interface Abortable {
  destroy(error: Error): void;
}

/** An armed deadline; `disarm` it once the answer has come. */
export interface Deadline {
  disarm(): void;
}

class Entry implements Deadline {
  constructor(
    public request: Abortable | null,
    readonly armedAtMs: number,
  ) {}
  disarm(): void {
    this.request = null;
  }
}

/**
 * Deadlines for upstream answers, checked by one sweeping timer instead of a timer per
 * request. Arming appends to a queue stamped with the time of the last sweep; disarming
 * clears a field. Measured on the proxy's hot path, this is cheaper than re-arming a
 * socket timeout twice per request, and than a Map keyed by request. A request is
 * aborted between `timeoutMs` and `timeoutMs + 2 × sweepMs` after it was armed.
 */
export class HeadersDeadlines {
  private queue: Entry[] = [];
  private head = 0;
  private lastSweepMs: number;
  private readonly sweepMs: number;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly timeoutMs: number,
    private readonly onExpired: () => Error,
    private readonly nowMs: () => number = () => performance.now(),
    sweepMs = Math.max(10, Math.min(1_000, timeoutMs / 4)),
  ) {
    this.sweepMs = sweepMs;
    this.lastSweepMs = nowMs();
    this.timer = setInterval(() => this.sweep(), sweepMs);
    this.timer.unref();
  }

  arm(request: Abortable): Deadline {
    const entry = new Entry(request, this.lastSweepMs);
    this.queue.push(entry);
    return entry;
  }

  /** Aborts every request whose deadline has passed. */
  sweep(): void {
    const now = this.nowMs();
    this.lastSweepMs = now;
    // Stamps lag real arming time by up to one sweep; allow for it so nobody is cut early.
    const cutoff = now - this.timeoutMs - this.sweepMs;
    const { queue } = this;
    while (this.head < queue.length) {
      const entry = queue[this.head]!;
      if (entry.request !== null && entry.armedAtMs > cutoff) break;
      this.head++;
      const request = entry.request;
      entry.request = null;
      request?.destroy(this.onExpired());
    }
    // One hung request at the front must not keep every later, answered one alive.
    if (this.head > 1_024 || queue.length - this.head > 1_024) {
      this.queue = queue.slice(this.head).filter((entry) => entry.request !== null);
      this.head = 0;
    }
  }

  /** Stops the timer; pending requests are left alone. */
  close(): void {
    clearInterval(this.timer);
    for (let i = this.head; i < this.queue.length; i++) this.queue[i]!.request = null;
    this.queue = [];
    this.head = 0;
  }
}
