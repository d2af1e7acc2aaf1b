import type Docker from 'dockerode';

/** How far back the first subscription replays the daemon's (bounded) event buffer, for a restarted hub. */
const lookbackSeconds = 600;
const retryMinMs = 500;
const retryMaxMs = 10_000;

/**
 * Remembers which of this hub's containers had an OOM kill. Docker 20.10 sets
 * `State.OOMKilled` only when the container's first process dies of it; a kernel killed
 * for memory leaves the server running and is visible only as an `oom` event. The
 * watcher follows the daemon's event stream (filtered by this hub's labels) and
 * resubscribes after the daemon goes away, replaying what it missed with `since`.
 */
export class OomWatch {
  private readonly killed = new Set<string>();
  private stream: NodeJS.ReadableStream | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs = retryMinMs;
  private sinceSeconds = Math.floor(Date.now() / 1000) - lookbackSeconds;
  private started = false;
  private closed = false;

  constructor(
    private readonly docker: Docker,
    private readonly labelFilter: readonly string[],
  ) {}

  /** Starts following events (once; later calls do nothing). */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    void this.subscribe();
  }

  /** Whether the container (full id) had an OOM kill while it was watched. */
  had(containerId: string): boolean {
    return this.killed.has(containerId);
  }

  forget(containerId: string): void {
    this.killed.delete(containerId);
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    (this.stream as { destroy?: () => void } | null)?.destroy?.();
    this.stream = null;
  }

  private async subscribe(): Promise<void> {
    try {
      const stream = await this.docker.getEvents({
        since: this.sinceSeconds,
        filters: { type: ['container'], event: ['oom'], label: [...this.labelFilter] },
      });
      if (this.closed) return (stream as { destroy?: () => void }).destroy?.();
      this.stream = stream;
      this.retryMs = retryMinMs;
      let pending = '';
      stream.on('data', (chunk: Buffer) => {
        const lines = (pending + chunk.toString('utf8')).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) this.record(line);
      });
      stream.on('error', () => undefined);
      stream.on('close', () => this.resubscribe(stream));
      stream.on('end', () => this.resubscribe(stream));
    } catch {
      this.resubscribe(null);
    }
  }

  private record(line: string): void {
    try {
      const event = JSON.parse(line) as { Action?: string; Actor?: { ID?: string }; time?: number };
      if (event.Action === 'oom' && typeof event.Actor?.ID === 'string')
        this.killed.add(event.Actor.ID);
      if (typeof event.time === 'number') this.sinceSeconds = event.time;
    } catch {
      // A torn or foreign line carries no OOM we could act on.
    }
  }

  private resubscribe(from: NodeJS.ReadableStream | null): void {
    if (this.closed || (from !== null && this.stream !== from) || this.retryTimer) return;
    this.stream = null;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.subscribe();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, retryMaxMs);
  }
}
