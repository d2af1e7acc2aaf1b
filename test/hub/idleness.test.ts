// What counts as activity, against real servers through the real proxy (README, "What
// counts as activity"): WebSocket pings and pongs are not; a kernel reported `starting`
// counts as busy only for a bounded time; a kernel really running code is spared. Bounds
// are measured against the hub's own timestamps (the session record), never asserted as
// wall-clock durations of the test.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { startTestHub, type TestHub, type Visitor } from '../helpers/hub.js';
import { executeCode, startKernel } from '../helpers/kernel.js';

const idleSeconds = 5;
const startingSeconds = 5;
/** The culler's documented lateness: one interval (250 ms here) plus a kernel check and the stop. */
const lateMs = 5000;

let hub: TestHub;
before(async () => {
  hub = await startTestHub({
    idleTimeoutSeconds: idleSeconds,
    startingKernelBusySeconds: startingSeconds,
    maxLifetimeSeconds: 600,
  });
});
after(() => hub.close());

async function ready(visitor: Visitor): Promise<string> {
  const { json } = await visitor.launch({ notebook: 'welcome.ipynb' });
  await visitor.waitFor(String(json.id), 'ready');
  return String(json.id);
}

function stored(id: string) {
  const record = hub.hub.manager.deps.store.getSession(id);
  assert.ok(record);
  return record;
}

test('an open kernel WebSocket with nothing but pings and pongs ends at the idle timeout', async () => {
  const visitor = hub.visitor();
  const id = await ready(visitor);
  const endpoint = { url: `${hub.url}user/${id}/`, headers: visitor.headers() };
  const kernelId = await startKernel(endpoint);
  const ws = new WebSocket(
    `${endpoint.url.replace(/^http/, 'ws')}api/kernels/${kernelId}/channels`,
    { headers: endpoint.headers },
  );
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  // Keep-alive both ways through the proxy: our pings go up, the server's pongs come back.
  const pongsAt: number[] = [];
  ws.on('pong', () => pongsAt.push(Date.now()));
  const pinger = setInterval(() => ws.ping(), 250);
  try {
    const ended = await visitor.waitFor(id, 'ended', 90_000);
    assert.equal(ended.ended_reason, 'idle');
  } finally {
    clearInterval(pinger);
    ws.terminate();
  }
  const record = stored(id);
  const idleMs = record.endedAt! - record.lastActivityAt;
  assert.ok(idleMs >= idleSeconds * 1000, `ended after ${idleMs} ms without activity`);
  assert.ok(idleMs <= idleSeconds * 1000 + lateMs, `ended ${idleMs} ms after the last activity`);
  const pongsAfter = pongsAt.filter((t) => t > record.lastActivityAt + 1000).length;
  assert.ok(pongsAfter >= 4, `pings and pongs kept flowing while idle (${pongsAfter} after)`);
});

test('a kernel started but never connected ends within the starting bound plus the idle timeout', async () => {
  const visitor = hub.visitor();
  const id = await ready(visitor);
  const response = await visitor.fetch(`user/${id}/api/kernels`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'python3' }),
  });
  assert.equal(response.status, 201);
  const kernel = (await response.json()) as { execution_state: string; last_activity: string };
  assert.equal(kernel.execution_state, 'starting', 'Notebook reports it as starting');
  const ended = await visitor.waitFor(id, 'ended', 90_000);
  assert.equal(ended.ended_reason, 'idle');
  const sinceStartMs = stored(id).endedAt! - Date.parse(kernel.last_activity);
  const boundMs = (startingSeconds + idleSeconds) * 1000;
  assert.ok(sinceStartMs <= boundMs + lateMs, `ended ${sinceStartMs} ms after the kernel started`);
});

test('a kernel running code for longer than the idle timeout is spared', async () => {
  const visitor = hub.visitor();
  const id = await ready(visitor);
  const endpoint = { url: `${hub.url}user/${id}/`, headers: visitor.headers() };
  const kernelId = await startKernel(endpoint);
  // The server learns a kernel's state from its IOPub messages, on a subscription that
  // may join late (ZeroMQ's slow joiner; then it says `starting`, which is bounded): run
  // code until the server has seen the kernel, so that it reports the computation as busy.
  for (let tries = 0; tries < 50 && (await kernelState(endpoint, kernelId)) !== 'idle'; tries++)
    await executeCode(endpoint, 'pass', { kernelId });
  assert.equal(await kernelState(endpoint, kernelId), 'idle');
  // Four idle timeouts of computation with no output: no traffic, only a busy kernel.
  const output = await executeCode(
    endpoint,
    `import time\ntime.sleep(${4 * idleSeconds})\nprint('done')`,
    { kernelId },
  );
  assert.match(output, /done/);
  const { json } = await visitor.session(id);
  assert.equal(json.state, 'ready');
  await visitor.fetch(`api/sessions/${id}`, { method: 'DELETE' });
});

async function kernelState(
  endpoint: { url: string; headers: Record<string, string> },
  kernelId: string,
): Promise<unknown> {
  const response = await fetch(new URL(`api/kernels/${kernelId}`, endpoint.url), {
    headers: endpoint.headers,
  });
  return ((await response.json()) as { execution_state?: unknown }).execution_state;
}
