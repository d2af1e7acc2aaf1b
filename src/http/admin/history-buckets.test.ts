import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bucketHistory, bucketSeconds } from './history-buckets.js';

const hour = 3600_000;
const now = Date.UTC(2026, 0, 1, 12, 7, 30);

test('bucket sizes keep the chart between 12 and 48 bars', () => {
  assert.deepEqual([1, 2, 6, 12, 24, 48].map(bucketSeconds), [300, 300, 900, 900, 3600, 3600]);
  assert.equal(bucketHistory([], 1, now, []).buckets.length, 12);
  assert.equal(bucketHistory([], 6, now, []).buckets.length, 24);
  assert.equal(bucketHistory([], 48, now, []).buckets.length, 48);
});

test('launches, ends by reason and latency land in their buckets; older events are left out', () => {
  const history = bucketHistory(
    [
      { atMs: now - 7 * hour, kind: 'launch', seconds: 9 },
      { atMs: now - 60_000, kind: 'launch', seconds: 1 },
      { atMs: now - 30_000, kind: 'launch', seconds: 2 },
      { atMs: now - 20_000, kind: 'end', reason: 'idle' },
      { atMs: now - 2 * hour, kind: 'end', reason: 'oom' },
    ],
    6,
    now,
    ['idle', 'admin'],
  );
  const last = history.buckets.at(-1)!;
  assert.equal(last.start, '2026-01-01T12:00:00.000Z');
  assert.equal(history.to, new Date(now).toISOString());
  assert.equal(last.launches, 2);
  assert.deepEqual(last.ends, { idle: 1, admin: 0 });
  assert.deepEqual(last.launch_latency, { count: 2, mean_seconds: 1.5, max_seconds: 2 });
  assert.equal(history.buckets[history.buckets.length - 9]!.ends.oom, 1);
  assert.deepEqual(history.reasons, ['idle', 'admin', 'oom']);
  assert.equal(history.totals.launches, 2, 'the launch 7 hours ago is outside 6 hours');
  assert.deepEqual(history.totals.ends, { idle: 1, admin: 0, oom: 1 });
  assert.deepEqual(history.buckets[0]!.launch_latency, {
    count: 0,
    mean_seconds: null,
    max_seconds: null,
  });
});
