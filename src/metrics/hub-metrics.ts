/**
 * Prometheus metrics (served at /metrics) and a short in-memory history of launches and
 * ends for the admin dashboard's chart. Gauges read the live state when scraped, so they
 * can never drift from it.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface GaugeSource {
  counts(): { queued: number; starting: number; ready: number; stopping: number };
  capacity(): { max: number; maxGuests: number };
}

export interface HistoryEvent {
  readonly atMs: number;
  readonly kind: 'launch' | 'end';
  readonly reason?: string;
  readonly seconds?: number;
}

const HISTORY_LIMIT = 20_000;

export class HubMetrics {
  readonly registry = new Registry();
  private readonly launchSeconds: Histogram<'spawner'>;
  private readonly ended: Counter<'reason'>;
  private readonly spawnFailures: Counter<'reason'>;
  private readonly queueWaitSeconds: Histogram;
  private readonly stopSeconds: Histogram<'spawner'>;
  private readonly requestSeconds: Histogram<'method' | 'route' | 'status'>;
  readonly history: HistoryEvent[] = [];

  constructor(source: () => GaugeSource | undefined) {
    const registers = [this.registry];
    // Node's own: CPU, memory, event-loop lag, handles, GC (prefixed `process_`/`nodejs_`).
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'cnh_sessions',
      help: 'Sessions by state',
      labelNames: ['state'],
      registers,
      collect() {
        const counts = source()?.counts();
        if (!counts) return;
        for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
      },
    });
    new Gauge({
      name: 'cnh_capacity_sessions',
      help: 'Maximum concurrent sessions (max_sessions), and of guests',
      labelNames: ['kind'],
      registers,
      collect() {
        const cap = source()?.capacity();
        if (!cap) return;
        this.set({ kind: 'all' }, cap.max);
        this.set({ kind: 'guests' }, cap.maxGuests);
      },
    });
    this.launchSeconds = new Histogram({
      name: 'cnh_launch_duration_seconds',
      help: 'From slot granted to server ready',
      labelNames: ['spawner'],
      buckets: [0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 20, 60],
      registers,
    });
    this.ended = new Counter({
      name: 'cnh_sessions_ended_total',
      help: 'Ended sessions by reason',
      labelNames: ['reason'],
      registers,
    });
    this.spawnFailures = new Counter({
      name: 'cnh_spawn_failures_total',
      help: 'Failed starts by error code',
      labelNames: ['reason'],
      registers,
    });
    this.queueWaitSeconds = new Histogram({
      name: 'cnh_queue_wait_seconds',
      help: 'From launch request to slot granted (0 when a slot was free)',
      buckets: [0, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
      registers,
    });
    this.stopSeconds = new Histogram({
      name: 'cnh_session_stop_duration_seconds',
      help: "Stopping a session's server, until it and its workspace are gone",
      labelNames: ['spawner'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers,
    });
    this.requestSeconds = new Histogram({
      name: 'cnh_http_request_duration_seconds',
      help: "The hub's API and page requests (not proxied traffic), by route pattern",
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
  }

  queueWaited(seconds: number): void {
    this.queueWaitSeconds.observe(seconds);
  }

  sessionStopped(spawner: string, seconds: number): void {
    this.stopSeconds.observe({ spawner }, seconds);
  }

  requestAnswered(method: string, route: string, status: number, seconds: number): void {
    this.requestSeconds.observe({ method, route, status: String(status) }, seconds);
  }

  launched(spawner: string, seconds: number, atMs: number): void {
    this.launchSeconds.observe({ spawner }, seconds);
    this.remember({ atMs, kind: 'launch', seconds });
  }

  sessionEnded(reason: string, atMs: number): void {
    this.ended.inc({ reason });
    this.remember({ atMs, kind: 'end', reason });
  }

  spawnFailed(reason: string): void {
    this.spawnFailures.inc({ reason });
  }

  private remember(event: HistoryEvent): void {
    this.history.push(event);
    if (this.history.length > HISTORY_LIMIT)
      this.history.splice(0, this.history.length - HISTORY_LIMIT);
  }
}
