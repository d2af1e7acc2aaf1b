import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../clock.js';
import type { Spawner } from '../spawners/spawner.js';
import { SpawnerHealth } from './spawner-health.js';

test('onRecovered listeners hear once each time the backend answers again after a failure', async () => {
  const clock = new FakeClock();
  let up = true;
  const spawner = {
    check: async () => {
      if (!up) throw new Error('engine down');
    },
  } as unknown as Spawner;
  const health = new SpawnerHealth(spawner, clock, 2000, 500);
  let recovered = 0;
  health.onRecovered(() => recovered++);
  await health.ensure();
  assert.equal(recovered, 0, 'answering from the start is no recovery');
  up = false;
  clock.advance(2000);
  await assert.rejects(health.ensure(), /spawner_unavailable|not available|unavailable/i);
  clock.advance(500);
  await assert.rejects(health.ensure());
  assert.equal(recovered, 0);
  up = true;
  clock.advance(500);
  await health.ensure();
  assert.equal(recovered, 1);
  clock.advance(2000);
  await health.ensure();
  assert.equal(recovered, 1, 'staying up is not another recovery');
});
