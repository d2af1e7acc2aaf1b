/**
 * The open server-sent event streams, so a shutting-down hub can end each one with a
 * final `event: restart` instead of leaving it hanging (a hijacked response keeps the
 * HTTP server from closing). The page reconnects and re-attaches to its session once the
 * hub is back.
 */
export interface EventStream {
  /** Write the final event and end the response. Called at most once. */
  endForRestart(): void;
}

export class EventStreams {
  private readonly open = new Set<EventStream>();
  private closing = false;

  /** Whether the hub is shutting down (new streams are refused). */
  get isClosing(): boolean {
    return this.closing;
  }

  /** Tracks `stream` until the returned function is called. */
  add(stream: EventStream): () => void {
    this.open.add(stream);
    return () => this.open.delete(stream);
  }

  get size(): number {
    return this.open.size;
  }

  /** Ends every open stream with its restart event; later streams are refused. */
  endAll(): void {
    this.closing = true;
    for (const stream of [...this.open]) {
      this.open.delete(stream);
      stream.endForRestart();
    }
  }
}

/** The final event of a stream the hub ends because it is restarting. */
export function restartEvent(retryMs: number): string {
  return `event: restart\ndata: ${JSON.stringify({ reason: 'hub-restart', retry_ms: retryMs })}\n\n`;
}
