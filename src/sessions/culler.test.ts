import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../clock.js';
import { silentLogger } from '../log.js';
import { Culler, type CullerOptions } from './culler.js';
import { newLiveSession, type LiveSession } from './live-session.js';
import type { SessionHost } from './session-host.js';
import type { SessionRecord } from './session.js';

const options: CullerOptions = {
  intervalMs: 1000,
  queueAbandonMs: 30_000,
  pollIntervalMs: 1e12,
  kernelCheckTimeoutMs: 1000,
  persistActivityMs: 10_000,
  startingBusyMs: 90_000,
  livenessTimeoutMs: 1000,
  livenessFailures: 3,
  concurrency: 3,
};

function live(id: string, clock: FakeClock): LiveSession {
  const record = {
    id,
    state: 'ready',
    limits: { idleTimeoutSeconds: 1e6, maxLifetimeSeconds: 60 },
    spawnerState: null,
    target: null,
  } as unknown as SessionRecord;
  const now = clock.nowMs();
  return newLiveSession(record, now);
}

test('a pass that finds 20 sessions due ends them all, never more than `concurrency` at once', async () => {
  const clock = new FakeClock();
  const sessions = new Map(Array.from({ length: 20 }, (_, i) => [`s${i}`, live(`s${i}`, clock)]));
  let running = 0;
  let peak = 0;
  const ended: string[] = [];
  const host = {
    deps: { clock, log: silentLogger },
    all: () => [...sessions.values()],
    async end(id: string) {
      running++;
      peak = Math.max(peak, running);
      // A slow backend: the stop takes a while.
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      sessions.delete(id);
      ended.push(id);
    },
  } as unknown as SessionHost;
  const culler = new Culler(host, options);
  clock.advance(61_000);
  await culler.tick();
  assert.equal(ended.length, 20);
  assert.equal(peak, options.concurrency);
});
