/**
 * The admin chart's data: launches, ends by reason and launch latency from the metrics'
 * event history, counted in equal time buckets over the last `hours`. Pure, so it is
 * tested with fixed times.
 */
import type { HistoryEvent } from '../../metrics/hub-metrics.js';

export interface LatencySummary {
  count: number;
  mean_seconds: number | null;
  max_seconds: number | null;
}

export interface HistoryBucket {
  start: string;
  launches: number;
  ends: Record<string, number>;
  launch_latency: LatencySummary;
}

export interface History {
  hours: number;
  bucket_seconds: number;
  from: string;
  to: string;
  reasons: string[];
  buckets: HistoryBucket[];
  totals: { launches: number; ends: Record<string, number>; launch_latency: LatencySummary };
}

/** 5-minute buckets up to 2 hours, 15 minutes up to 12, hours beyond: 12 to 48 bars. */
export function bucketSeconds(hours: number): number {
  if (hours <= 2) return 300;
  if (hours <= 12) return 900;
  return 3600;
}

export function bucketHistory(
  events: readonly HistoryEvent[],
  hours: number,
  nowMs: number,
  reasons: readonly string[],
): History {
  const size = bucketSeconds(hours) * 1000;
  const count = Math.round((hours * 3600_000) / size);
  const lastStart = Math.floor(nowMs / size) * size;
  const firstStart = lastStart - (count - 1) * size;
  const buckets = Array.from({ length: count }, (_, i) => ({
    startMs: firstStart + i * size,
    launches: 0,
    ends: Object.fromEntries(reasons.map((r) => [r, 0])) as Record<string, number>,
    latencies: [] as number[],
  }));
  for (const event of events) {
    if (event.atMs < firstStart || event.atMs > nowMs) continue;
    const bucket = buckets[Math.floor((event.atMs - firstStart) / size)]!;
    if (event.kind === 'launch') {
      bucket.launches++;
      if (event.seconds !== undefined) bucket.latencies.push(event.seconds);
    } else {
      const reason = event.reason ?? 'unknown';
      bucket.ends[reason] = (bucket.ends[reason] ?? 0) + 1;
    }
  }
  const totals = { launches: 0, ends: {} as Record<string, number>, latencies: [] as number[] };
  for (const b of buckets) {
    totals.launches += b.launches;
    totals.latencies.push(...b.latencies);
    for (const [r, n] of Object.entries(b.ends)) totals.ends[r] = (totals.ends[r] ?? 0) + n;
  }
  return {
    hours,
    bucket_seconds: size / 1000,
    from: new Date(firstStart).toISOString(),
    to: new Date(nowMs).toISOString(),
    reasons: [...new Set([...reasons, ...Object.keys(totals.ends)])],
    buckets: buckets.map((b) => ({
      start: new Date(b.startMs).toISOString(),
      launches: b.launches,
      ends: b.ends,
      launch_latency: summarize(b.latencies),
    })),
    totals: {
      launches: totals.launches,
      ends: totals.ends,
      launch_latency: summarize(totals.latencies),
    },
  };
}

function summarize(seconds: readonly number[]): LatencySummary {
  if (seconds.length === 0) return { count: 0, mean_seconds: null, max_seconds: null };
  const sum = seconds.reduce((a, b) => a + b, 0);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    count: seconds.length,
    mean_seconds: round(sum / seconds.length),
    max_seconds: round(Math.max(...seconds)),
  };
}
