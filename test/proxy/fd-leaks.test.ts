import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import {
  addRoute,
  deadPort,
  eventually,
  HUB_ORIGIN,
  ownerCookie,
  send,
  startProxy,
  startUpstream,
  type ProxyHarness,
  type Upstream,
} from './harness.js';
import { rawUpgrade } from './raw-upgrade.js';

const openFds = () => readdirSync('/proc/self/fd').length;
// Timers, the event loop and lazily opened handles may move the count a little.
const MARGIN = 10;

/** One WebSocket life through the proxy, ended by `how`. */
async function cycle(url: string, how: 'close' | 'terminate' | 'crash' | 'reset'): Promise<void> {
  if (how === 'reset') return resetCycle(url);
  const ws = new WebSocket(url, { headers: { Cookie: ownerCookie, Origin: HUB_ORIGIN } });
  ws.on('error', () => {});
  await once(ws, 'open');
  const closed = once(ws, 'close');
  if (how === 'crash') {
    ws.send('crash');
  } else {
    const echoed = once(ws, 'message');
    ws.send('ping');
    await echoed;
    if (how === 'close') ws.close(1000);
    else ws.terminate();
  }
  await closed;
}

describe('no leaked sockets', () => {
  let upstream: Upstream;
  let hub: ProxyHarness;
  let wsUrl: string;

  before(async () => {
    upstream = await startUpstream(
      (req, res) => {
        if (!req.url!.endsWith('/die')) return void res.end('ok');
        res.writeHead(200, { 'Content-Length': '100' }).write('partial');
        setImmediate(() => req.socket.resetAndDestroy());
      },
      (ws) =>
        ws.on('message', (data) => {
          if (data.toString() === 'crash') upstream.upgrades.at(-1)!.socket.resetAndDestroy();
          else ws.send(data);
        }),
    );
    hub = await startProxy({ headersTimeoutMs: 2_000 });
    addRoute(hub, 'abc', upstream.target);
    addRoute(hub, 'dead', `http://127.0.0.1:${await deadPort()}`);
    wsUrl = `ws://127.0.0.1:${hub.port}/user/abc/api/kernels/k/channels`;
    // Warm up whatever Node opens lazily (resolver, timers) before the baseline is taken.
    await cycle(wsUrl, 'close');
    await send(hub.url, '/user/dead/', { headers: { Cookie: ownerCookie } });
  });
  after(async () => {
    await hub.close();
    await upstream.close();
  });

  it('keeps the fd count flat over 2,000 WebSocket cycles and failing requests', async () => {
    const baseline = openFds();
    const endings = ['close', 'terminate', 'crash', 'reset'] as const;
    for (let i = 0; i < 2_000; i++) await cycle(wsUrl, endings[i % endings.length]!);

    for (let batch = 0; batch < 6; batch++) {
      const dead = Array.from({ length: 50 }, () =>
        send(hub.url, '/user/dead/api/status', { headers: { Cookie: ownerCookie } }),
      );
      for (const reply of await Promise.all(dead)) assert.equal(reply.status, 503);
    }
    for (let i = 0; i < 100; i++) await truncatedRequest(hub.port);

    await eventually(() => hub.proxy.openTunnels() === 0, 'every tunnel closed');
    await eventually(
      () => openFds() <= baseline + MARGIN,
      `fd count back near ${baseline} (now ${openFds()})`,
    );
  });
});

/** A client that vanishes with a TCP reset right after the handshake. */
async function resetCycle(url: string): Promise<void> {
  const { port, pathname } = new URL(url);
  const { status, socket } = await rawUpgrade(Number(port), pathname, {
    Cookie: ownerCookie,
    Origin: HUB_ORIGIN,
  });
  assert.equal(status, 101);
  socket.resetAndDestroy();
  await once(socket, 'close');
}

/** A request whose upstream dies mid-body; resolves once the client side is closed. */
function truncatedRequest(port: number): Promise<void> {
  return new Promise((resolve) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path: '/user/abc/die',
      headers: { Cookie: ownerCookie },
      agent: false,
    });
    req.on('error', () => resolve());
    req.on('response', (res) => {
      res.on('error', () => {});
      res.resume();
      res.on('close', () => resolve());
    });
    req.end();
  });
}
