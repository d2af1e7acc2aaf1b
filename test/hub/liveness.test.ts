// A local server that is running but no longer answers (SIGSTOP of its whole process
// tree) ends as `unresponsive` within the documented bound (README, Sessions: Liveness),
// measured against the hub's own timestamp of the end.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { signalTree } from '../helpers/process-tree.js';

const livenessTimeoutSeconds = 1;
const livenessFailures = 2;
const pollIntervalMs = 2000;
const cullIntervalMs = 250;
/** livenessFailures × max(poll interval, timeout) + one cull interval (README). */
const boundMs =
  livenessFailures * Math.max(pollIntervalMs, livenessTimeoutSeconds * 1000) + cullIntervalMs;
/** Stopping the server (SIGKILL, wait for it to go) happens before the end is stamped. */
const stopSlackMs = 5000;

let hub: TestHub;
let stopped: number | null = null;
before(async () => {
  hub = await startTestHub({ livenessTimeoutSeconds, livenessFailures, cullIntervalMs });
});
after(async () => {
  if (stopped !== null) signalTree(stopped, 'SIGCONT');
  await hub.close();
});

test('a SIGSTOPped local server ends as unresponsive within the liveness bound', async () => {
  const visitor = hub.visitor();
  const { json } = await visitor.launch({ notebook: 'welcome.ipynb' });
  const id = String(json.id);
  await visitor.waitFor(id, 'ready');
  const pid = hub.hub.manager.get(id)!.record.spawnerState!.pid as number;
  assert.ok(Number.isInteger(pid));
  const stoppedAt = Date.now();
  stopped = pid;
  signalTree(pid, 'SIGSTOP');
  const ended = await visitor.waitFor(id, 'ended', 60_000);
  assert.equal(ended.ended_reason, 'unresponsive');
  const record = hub.hub.manager.deps.store.getSession(id)!;
  const afterStopMs = record.endedAt! - stoppedAt;
  assert.ok(afterStopMs <= boundMs + stopSlackMs, `ended ${afterStopMs} ms after SIGSTOP`);
  const metrics = await (await hub.admin('metrics')).text();
  assert.match(metrics, /reason="unresponsive"\} 1/);
  const page = await visitor.fetch(`user/${id}/api/status`);
  assert.equal(page.status, 404, 'no longer routed');
});
