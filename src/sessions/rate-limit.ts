/**
 * A token bucket per client address: `perMinute` launches, refilled continuously, on
 * the monotonic clock. Buckets that are full again are forgotten, so memory stays
 * bounded by the addresses active in the last minute.
 */
import type { Clock } from '../clock.js';

interface Bucket {
  tokens: number;
  atMs: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    private readonly perMinute: () => number,
  ) {}

  /** Takes one token for `key`; returns 0 when allowed, else the seconds until one is free. */
  take(key: string): number {
    const perMinute = this.perMinute();
    if (perMinute <= 0) return 0;
    const now = this.clock.nowMs();
    const ratePerMs = perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: perMinute, atMs: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.atMs) * ratePerMs);
    bucket.atMs = now;
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      return Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000));
    }
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.sweep(now, ratePerMs, perMinute);
    return 0;
  }

  /** Whether `key` has no token left right now (takes nothing). */
  exhausted(key: string): boolean {
    return this.retryAfter(key) > 0;
  }

  /** Seconds until `key` has a token again; 0 when it has one now (takes nothing). */
  retryAfter(key: string): number {
    const perMinute = this.perMinute();
    const bucket = this.buckets.get(key);
    if (perMinute <= 0 || !bucket) return 0;
    const ratePerMs = perMinute / 60_000;
    const tokens = Math.min(
      perMinute,
      bucket.tokens + (this.clock.nowMs() - bucket.atMs) * ratePerMs,
    );
    return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / ratePerMs / 1000));
  }

  private sweep(now: number, ratePerMs: number, perMinute: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.atMs) * ratePerMs >= perMinute) this.buckets.delete(key);
    }
  }
}
