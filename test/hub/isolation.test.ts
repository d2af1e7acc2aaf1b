// Only the visitor who owns a session reaches it: another visitor, a tampered cookie or no
// cookie get 404 on its pages, its API and its kernel WebSocket; a foreign Origin gets 403.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { startTestHub, type TestHub, type Visitor } from '../helpers/hub.js';
import { startKernel } from '../helpers/kernel.js';

let hub: TestHub;
let owner: Visitor;
let sessionId: string;
let kernelId: string;

before(async () => {
  hub = await startTestHub();
  owner = hub.visitor();
  const { json } = await owner.launch({ notebook: 'welcome.ipynb' });
  sessionId = String(json.id);
  await owner.waitFor(sessionId, 'ready');
  kernelId = await startKernel({ url: `${hub.url}user/${sessionId}/`, headers: owner.headers() });
});
after(() => hub.close());

function upgradeStatus(headers: Record<string, string>): Promise<number> {
  const url = `${hub.url.replace(/^http/, 'ws')}user/${sessionId}/api/kernels/${kernelId}/channels`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', reject);
  });
}

async function reach(visitor: { headers(): Record<string, string> }): Promise<number[]> {
  const paths = ['tree', 'notebooks/welcome.ipynb', 'api/contents', `api/kernels/${kernelId}`];
  const statuses = await Promise.all(
    paths.map(
      async (p) =>
        (
          await fetch(`${hub.url}user/${sessionId}/${p}`, {
            headers: visitor.headers(),
            redirect: 'manual',
          })
        ).status,
    ),
  );
  const api = (await fetch(`${hub.url}api/sessions/${sessionId}`, { headers: visitor.headers() }))
    .status;
  const ws = await upgradeStatus(visitor.headers());
  return [...statuses, api, ws];
}

test('the owner reaches pages, API and WebSocket', async () => {
  assert.deepEqual(await reach(owner), [200, 200, 200, 200, 200, 101]);
});

test('another visitor gets 404 everywhere', async () => {
  const other = hub.visitor();
  await other.launch({ notebook: 'welcome.ipynb' });
  assert.ok(other.cookie, 'the other visitor has a valid cookie of their own');
  assert.deepEqual(await reach(other), [404, 404, 404, 404, 404, 404]);
});

test('a tampered, foreign or missing cookie gets 404 everywhere', async () => {
  const cookie = owner.cookie!;
  const flipped = cookie.slice(0, -1) + (cookie.endsWith('A') ? 'B' : 'A');
  const otherId = `cnh_visitor=${'A'.repeat(22)}${cookie.slice(cookie.indexOf('.'))}`;
  for (const value of [flipped, otherId, 'cnh_visitor=', '']) {
    const headers = () => ({ origin: hub.origin, ...(value ? { cookie: value } : {}) });
    assert.deepEqual(await reach({ headers }), [404, 404, 404, 404, 404, 404], value);
  }
});

test('a foreign or missing Origin cannot open the kernel WebSocket or change state', async () => {
  assert.equal(await upgradeStatus({ ...owner.headers(), origin: 'https://evil.example' }), 403);
  const { origin: _origin, ...noOrigin } = owner.headers();
  assert.equal(await upgradeStatus(noOrigin), 403);
  const post = await fetch(`${hub.url}user/${sessionId}/api/contents`, {
    method: 'POST',
    headers: {
      ...owner.headers(),
      origin: 'https://evil.example',
      'content-type': 'application/json',
    },
    body: '{"type":"file"}',
  });
  assert.equal(post.status, 403);
  const del = await fetch(`${hub.url}api/sessions/${sessionId}`, {
    method: 'DELETE',
    headers: { ...owner.headers(), origin: 'https://evil.example' },
  });
  assert.equal(del.status, 403);
  assert.equal(hub.hub.manager.live.get(sessionId)?.record.state, 'ready');
});

test('encoded traversal cannot cross into another session', async () => {
  const other = hub.visitor();
  const { json } = await other.launch({ notebook: 'welcome.ipynb' });
  const otherId = String(json.id);
  for (const path of [
    `user/${otherId}/%2e%2e/${sessionId}/tree`,
    `user/${otherId}/..%2f${sessionId}/tree`,
    `user/${otherId}/%2e%2e%2f${sessionId}/api/contents`,
    `user/${otherId}/..%5c${sessionId}/tree`,
    `user/${otherId}/%252e%252e/${sessionId}/tree`,
  ]) {
    const status = (
      await fetch(`${hub.url}${path}`, { headers: other.headers(), redirect: 'manual' })
    ).status;
    assert.ok(status === 404 || status === 400, `${path} → ${status}`);
  }
});

test('the server cannot be shut down through the proxy, only ended through the hub', async () => {
  const response = await fetch(`${hub.url}user/${sessionId}/api/shutdown`, {
    method: 'POST',
    headers: owner.headers(),
  });
  assert.equal(response.status, 403);
  assert.equal(hub.hub.manager.live.get(sessionId)?.record.state, 'ready');
  const status = await fetch(`${hub.url}user/${sessionId}/api/status`, {
    headers: owner.headers(),
  });
  assert.equal(status.status, 200, 'the server still answers');
});

test('admin sign-in attempts are rate-limited per address', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) {
    const response = await fetch(`${hub.adminUrl}admin/login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: new URL(hub.adminUrl).origin,
      },
      body: 'token=wrong',
      redirect: 'manual',
    });
    statuses.push(response.status);
  }
  assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
  assert.deepEqual(statuses.slice(10), [429, 429]);
});
