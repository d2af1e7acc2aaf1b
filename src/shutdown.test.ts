import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shutdownWithDeadline, type ShutdownDeps } from './shutdown.js';

function harness(close: () => Promise<void>) {
  let now = 1000;
  const exits: number[] = [];
  const logs: Record<string, unknown>[] = [];
  let onDeadline: (() => void) | null = null;
  const deps: ShutdownDeps = {
    close,
    deadlineMs: 5000,
    nowMs: () => now,
    exit: (code) => exits.push(code),
    log: (message, fields) => logs.push({ message, ...fields }),
    arm: (_ms, fn) => (onDeadline = fn),
  };
  return {
    deps,
    exits,
    logs,
    advance: (ms: number) => (now += ms),
    fireDeadline: () => onDeadline?.(),
  };
}

test('a close that finishes exits 0 and logs its duration', async () => {
  const h = harness(async () => {
    h.advance(120);
  });
  shutdownWithDeadline('SIGTERM', h.deps);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(h.exits, [0]);
  assert.equal(h.logs.at(-1)!.durationMs, 120);
  assert.equal(h.logs.at(-1)!.outcome, 'closed');
});

test('a close that hangs: the deadline exits 1, once', async () => {
  const h = harness(() => new Promise<void>(() => {}));
  shutdownWithDeadline('SIGINT', h.deps);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(h.exits, [], 'nothing before the deadline');
  h.advance(5000);
  h.fireDeadline();
  h.fireDeadline();
  assert.deepEqual(h.exits, [1]);
  assert.equal(h.logs.at(-1)!.outcome, 'deadline');
});

test('a close that fails exits 1', async () => {
  const h = harness(() => Promise.reject(new Error('boom')));
  shutdownWithDeadline('SIGTERM', h.deps);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(h.exits, [1]);
});
