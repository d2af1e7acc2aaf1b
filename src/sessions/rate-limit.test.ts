import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../clock.js';
import { RateLimiter } from './rate-limit.js';

test('a burst up to the limit passes, then Retry-After counts the wait', () => {
  const clock = new FakeClock();
  const limiter = new RateLimiter(clock, () => 3);
  assert.deepEqual([limiter.take('a'), limiter.take('a'), limiter.take('a')], [0, 0, 0]);
  assert.equal(limiter.take('a'), 20);
  assert.equal(limiter.take('b'), 0, 'other addresses have their own bucket');
  clock.advance(20_000);
  assert.equal(limiter.take('a'), 0);
});

test('0 turns the limit off', () => {
  const limiter = new RateLimiter(new FakeClock(), () => 0);
  for (let i = 0; i < 1000; i++) assert.equal(limiter.take('a'), 0);
});
