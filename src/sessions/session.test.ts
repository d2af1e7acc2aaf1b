import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  canTransition,
  holdsSlot,
  transition,
  TransitionError,
  type SessionRecord,
} from './session.js';

const base: SessionRecord = {
  id: 'a'.repeat(24),
  visitorId: 'v',
  ckanUser: null,
  clientAddress: '127.0.0.1',
  state: 'queued',
  endedReason: null,
  error: null,
  notebooks: [],
  limits: {
    cpuPercent: 50,
    memoryLimit: '1G',
    pidsLimit: 256,
    idleTimeoutSeconds: 60,
    maxLifetimeSeconds: 600,
  },
  createdAt: 1,
  startedAt: null,
  readyAt: null,
  endedAt: null,
  lastActivityAt: 1,
  token: 't',
  spawner: 'local',
  spawnerState: null,
  target: null,
};

test('the happy path records each timestamp', () => {
  const starting = transition(base, 'starting', 10);
  const ready = transition(starting, 'ready', 20);
  const stopping = transition(ready, 'stopping', 30, { endedReason: 'idle' });
  const ended = transition(stopping, 'ended', 40);
  assert.deepEqual(
    [ended.startedAt, ended.readyAt, ended.endedAt, ended.lastActivityAt, ended.endedReason],
    [10, 20, 40, 20, 'idle'],
  );
});

test('states only move forward', () => {
  assert.equal(canTransition('ready', 'starting'), false);
  assert.equal(canTransition('ended', 'queued'), false);
  assert.equal(canTransition('queued', 'ready'), false);
  assert.throws(() => transition(base, 'ready', 1), TransitionError);
});

test('every end carries a reason', () => {
  assert.throws(() => transition(base, 'ended', 1), /needs a reason/);
  const ready = transition(transition(base, 'starting', 1), 'ready', 2);
  assert.throws(() => transition(ready, 'stopping', 3), /needs a reason/);
  assert.equal(transition(base, 'ended', 1, { endedReason: 'visitor' }).endedReason, 'visitor');
});

test('only starting, ready and stopping sessions hold a slot', () => {
  assert.deepEqual((['queued', 'starting', 'ready', 'stopping', 'ended'] as const).map(holdsSlot), [
    false,
    true,
    true,
    true,
    false,
  ]);
});
