import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConcurrencyLimit } from './concurrency-limit.js';

test('never more than the limit at once, all tasks run, in order, errors stay with their task', async () => {
  const limit = new ConcurrencyLimit(3);
  let peak = 0;
  const started: number[] = [];
  const releases: Array<() => void> = [];
  const results = Array.from({ length: 10 }, (_, i) =>
    limit.run(async () => {
      started.push(i);
      peak = Math.max(peak, limit.active);
      await new Promise<void>((done) => releases.push(done));
      if (i === 4) throw new Error('four');
      return i;
    }),
  );
  const settled = Promise.allSettled(results);
  while (started.length < 10) {
    await new Promise((tick) => setImmediate(tick));
    assert.ok(limit.active <= 3);
    releases.shift()?.();
  }
  releases.forEach((release) => release());
  const outcomes = await settled;
  assert.equal(peak, 3);
  assert.deepEqual(started, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(outcomes.filter((r) => r.status === 'rejected').length, 1);
  assert.equal(limit.active, 0);
});
