// SIGTERM with 10 event streams and 2 kernel WebSockets open: the hub ends every stream
// with a restart event, closes every WebSocket with 1001 (going away), exits cleanly
// within its shutdown deadline, and the next start re-adopts the sessions.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import WebSocket from 'ws';
import { LocalSpawner } from '../../src/spawners/local/local-spawner.js';
import { freePort, killHard, startHubProcess, type HubProcess } from '../helpers/hub-process.js';
import { Visitor } from '../helpers/hub.js';
import { executeCode, startKernel, type JupyterEndpoint } from '../helpers/kernel.js';

const dataDir = mkdtempSync(join(tmpdir(), 'cnh-shutdown-'));
chmodSync(dataDir, 0o711);
const spawner = new LocalSpawner({ pythonPath: '/usr/bin/python3', uid: 64000, dataDir });
const deadlineSeconds = 5;
let hub: HubProcess | undefined;

after(async () => {
  if (hub) await killHard(hub);
  for (const server of await spawner.listOwned()) await spawner.stop(server.state);
  rmSync(dataDir, { recursive: true, force: true });
});

/** An open event stream whose text so far can be read at any time. */
async function openStream(visitor: Visitor, id: string) {
  const response = await visitor.fetch(`api/sessions/${id}/events`);
  assert.equal(response.status, 200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const stream = { text: '', ended: false };
  const done = (async () => {
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (chunk.done) break;
      stream.text += decoder.decode(chunk.value, { stream: true });
    }
    stream.ended = true;
  })();
  return { stream, done };
}

/** A kernel WebSocket through the hub's proxy, open; `closed` resolves to its close code. */
async function openKernelSocket(endpoint: JupyterEndpoint) {
  const kernelId = await startKernel(endpoint);
  const url = new URL(`api/kernels/${kernelId}/channels?session_id=${randomUUID()}`, endpoint.url);
  url.protocol = 'ws:';
  const socket = new WebSocket(url, { headers: { ...endpoint.headers } });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return { closed };
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('SIGTERM: streams get a restart event, WebSockets 1001, exit within the deadline; the next start re-adopts', async () => {
  const port = await freePort();
  const args = ['--port', String(port), '--data', dataDir, '--spawner', 'local'];
  const env = {
    HUB_ADMIN_TOKEN: 'shutdown-test-admin-token',
    HUB_POOL_SIZE: '0',
    HUB_SHUTDOWN_TIMEOUT_SECONDS: String(deadlineSeconds),
  };
  hub = await startHubProcess(args, env);
  const url = hub.url;
  const origin = new URL(url).origin;
  const visitors = [new Visitor(url, origin), new Visitor(url, origin)];
  const ids: string[] = [];
  for (const visitor of visitors) {
    const { json } = await visitor.launch({ notebook: 'welcome.ipynb' });
    ids.push(String(json.id));
  }
  await Promise.all(visitors.map((v, i) => v.waitFor(ids[i]!, 'ready')));
  const endpoint = (i: number) => ({
    url: `${url}user/${ids[i]}/`,
    headers: visitors[i]!.headers(),
  });

  const streams = await Promise.all(
    Array.from({ length: 10 }, (_, k) => openStream(visitors[k % 2]!, ids[k % 2]!)),
  );
  await waitUntil(
    () => streams.every(({ stream }) => stream.text.includes('event: session')),
    'the first event on every stream',
  );
  const socketCloses = await Promise.all([
    openKernelSocket(endpoint(0)),
    openKernelSocket(endpoint(1)),
  ]);

  const child = hub.child;
  // 'close', not 'exit': the hub's last log lines may still be in the pipe at 'exit'.
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  const sentAt = Date.now();
  child.kill('SIGTERM');
  const code = await exited;
  const elapsedMs = Date.now() - sentAt;

  assert.equal(code, 0, `a clean close, not the deadline:\n${hub.output()}`);
  // The bound is the behaviour, so it is read from the hub's own clock: the duration it
  // logged for its shutdown is within the configured deadline.
  const finished = hub
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg: string; durationMs?: number })
    .find((entry) => entry.msg === 'shutdown finished');
  assert.ok(finished?.durationMs !== undefined, `the hub logs its shutdown:\n${hub.output()}`);
  assert.ok(finished.durationMs <= deadlineSeconds * 1000, `logged ${finished.durationMs} ms`);
  // From outside, the process exit also includes Node's own teardown and a loaded
  // machine's scheduling: a generous margin over the deadline, never a tight bound.
  assert.ok(elapsedMs < (deadlineSeconds + 20) * 1000, `exited after ${elapsedMs} ms`);

  await Promise.all(streams.map(({ done }) => done));
  for (const { stream } of streams) {
    assert.match(stream.text, /event: restart\ndata: \{"reason":"hub-restart","retry_ms":\d+\}/);
  }
  assert.deepEqual(await Promise.all(socketCloses.map((s) => s.closed)), [1001, 1001]);

  hub = await startHubProcess(args, env);
  for (let i = 0; i < 2; i++) {
    const { json } = await visitors[i]!.session(ids[i]!);
    assert.equal(json.state, 'ready', 're-adopted');
    assert.equal((await executeCode(endpoint(i), '6*7')).trim(), '42');
  }
  const again = await openStream(visitors[0]!, ids[0]!);
  await waitUntil(() => again.stream.text.includes('event: session'), 'a re-attached stream');
});
