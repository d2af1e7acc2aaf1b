import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import {
  addRoute,
  deadPort,
  eventually,
  HUB_ORIGIN,
  ownerCookie,
  startProxy,
  startUpstream,
  type ProxyHarness,
  type Upstream,
} from './harness.js';

const headers = { Cookie: ownerCookie, Origin: HUB_ORIGIN };

function open(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function roundTrip(ws: WebSocket, text: string): Promise<string> {
  const reply = once(ws, 'message');
  ws.send(text);
  const [data] = (await reply) as [Buffer];
  return data.toString();
}

describe('WebSocket forwarding', () => {
  let upstream: Upstream;
  let hub: ProxyHarness;
  let wsUrl: string;

  before(async () => {
    upstream = await startUpstream(undefined, (ws) => {
      ws.on('message', (data) => {
        const text = data.toString();
        const socket = upstream.upgrades.at(-1)!.socket;
        if (text === 'crash') socket.resetAndDestroy();
        else if (text === 'fin') socket.end();
        else ws.send(`echo:${text}`);
      });
    });
    hub = await startProxy();
    addRoute(hub, 'abc', upstream.target);
    wsUrl = `ws://127.0.0.1:${hub.port}/user/abc/api/kernels/k1/channels?session_id=s1`;
  });
  after(async () => {
    await hub.close();
    await upstream.close();
  });

  it('echoes messages both ways with Host kept, token added and the visitor cookie stripped', async () => {
    const ws = await open(wsUrl);
    assert.equal(await roundTrip(ws, 'hello'), 'echo:hello');
    assert.equal(await roundTrip(ws, 'x'.repeat(200_000)), `echo:${'x'.repeat(200_000)}`);
    const { req } = upstream.upgrades.at(-1)!;
    assert.equal(req.url, '/user/abc/api/kernels/k1/channels?session_id=s1');
    assert.equal(req.headers.host, `127.0.0.1:${hub.port}`);
    assert.equal(req.headers.origin, HUB_ORIGIN);
    assert.equal(req.headers.authorization, 'token token-of-abc');
    assert.equal(req.headers.cookie, '_xsrf=xsrf-value; theme=dark');
    assert.equal(hub.proxy.openTunnels(), 1);
    ws.close(1000);
    await once(ws, 'close');
    await eventually(() => hub.proxy.openTunnels() === 0, 'tunnel closed');
  });

  it('counts each forwarded chunk as activity, in both directions', async () => {
    const ws = await open(wsUrl);
    const before = hub.activity.get('abc') ?? 0;
    for (let i = 0; i < 5; i++) await roundTrip(ws, `m${i}`);
    assert.ok((hub.activity.get('abc') ?? 0) - before >= 10);
    ws.terminate();
  });

  it('closes the client cleanly when the upstream dies mid-stream', async () => {
    const ws = await open(wsUrl);
    const failuresBefore = hub.failures.length;
    const closed = once(ws, 'close');
    ws.send('crash');
    const [code] = (await closed) as [number];
    assert.equal(code, 1006);
    await eventually(() => hub.proxy.openTunnels() === 0, 'tunnel closed');
    assert.equal(hub.failures.length, failuresBefore + 1);
  });

  it('ends the client when the upstream ends its socket', async () => {
    const ws = await open(wsUrl);
    const closed = once(ws, 'close');
    ws.send('fin');
    await closed;
    await eventually(() => hub.proxy.openTunnels() === 0, 'tunnel closed');
  });

  it('closes the upstream socket when the client goes away', async () => {
    const ws = await open(wsUrl);
    await roundTrip(ws, 'ping');
    const upstreamSocket = upstream.upgrades.at(-1)!.socket;
    ws.terminate();
    await eventually(() => upstreamSocket.destroyed, 'upstream socket closed');
    await eventually(() => hub.proxy.openTunnels() === 0, 'tunnel closed');
  });

  it('relays an upstream refusal of the handshake', async () => {
    const refusing = await startUpstream();
    refusing.server.removeAllListeners('upgrade');
    refusing.server.on('upgrade', (_req, socket) =>
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 6\r\n\r\norigin'),
    );
    addRoute(hub, 'refuse', refusing.target);
    const ws = new WebSocket(`ws://127.0.0.1:${hub.port}/user/refuse/x`, { headers });
    const [, res] = await once(ws, 'unexpected-response');
    assert.equal(res.statusCode, 403);
    res.socket.destroy();
    await refusing.close();
  });

  it('answers a raw 503 when the upstream refuses connections', async () => {
    addRoute(hub, 'dead', `http://127.0.0.1:${await deadPort()}`);
    const failuresBefore = hub.failures.length;
    const ws = new WebSocket(`ws://127.0.0.1:${hub.port}/user/dead/x`, { headers });
    const [, res] = await once(ws, 'unexpected-response');
    assert.equal(res.statusCode, 503);
    res.socket.destroy();
    assert.deepEqual(hub.failures.slice(failuresBefore), ['dead']);
    assert.equal(hub.activity.get('dead'), undefined);
  });
});
