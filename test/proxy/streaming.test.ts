import assert from 'node:assert/strict';
import { once } from 'node:events';
import { request, type IncomingMessage } from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  addRoute,
  eventually,
  HUB_ORIGIN,
  ownerCookie,
  startProxy,
  startUpstream,
  type ProxyHarness,
  type Upstream,
} from './harness.js';

const MiB = 1024 * 1024;
const TOTAL = 64 * MiB;
// Kernel socket buffers on loopback (three sockets in the path) hold a few MiB each;
// a proxy that buffered bodies would let upstream write all of TOTAL.
const IN_FLIGHT_LIMIT = 32 * MiB;

describe('streaming bodies', () => {
  let upstream: Upstream;
  let hub: ProxyHarness;
  let written = 0;
  let uploaded = 0;

  before(async () => {
    upstream = await startUpstream(async (req, res) => {
      if (req.method === 'POST') {
        for await (const chunk of req) uploaded += (chunk as Buffer).length;
        return void res.end(String(uploaded));
      }
      const chunk = Buffer.alloc(MiB, 'n');
      res.writeHead(200, { 'Content-Length': String(TOTAL) });
      while (written < TOTAL) {
        written += chunk.length;
        if (!res.write(chunk)) await once(res, 'drain');
      }
      res.end();
    });
    hub = await startProxy();
    addRoute(hub, 'abc', upstream.target);
  });
  after(async () => {
    await hub.close();
    await upstream.close();
  });

  it('streams a 64 MiB download with backpressure instead of buffering it', async () => {
    const req = request({
      host: '127.0.0.1',
      port: hub.port,
      path: '/user/abc/big',
      headers: { Cookie: ownerCookie },
      agent: false,
    });
    req.end();
    const [res] = (await once(req, 'response')) as [IncomingMessage];
    res.pause();
    let last = -1;
    let steady = 0;
    // Wait until upstream stops making progress while the client reads nothing.
    await eventually(
      () => {
        steady = written === last ? steady + 1 : 0;
        last = written;
        return steady >= 40;
      },
      'upstream stalled',
      20_000,
    );
    assert.ok(written < IN_FLIGHT_LIMIT, `upstream wrote ${written / MiB} MiB to a paused client`);
    let received = 0;
    res.on('data', (chunk: Buffer) => (received += chunk.length));
    res.resume();
    await once(res, 'end');
    assert.equal(received, TOTAL);
  });

  it('streams a 64 MiB upload', async () => {
    const req = request({
      host: '127.0.0.1',
      port: hub.port,
      path: '/user/abc/upload',
      method: 'POST',
      headers: { Cookie: ownerCookie, Origin: HUB_ORIGIN, 'Content-Length': String(TOTAL) },
      agent: false,
    });
    const chunk = Buffer.alloc(MiB, 'u');
    for (let sent = 0; sent < TOTAL; sent += chunk.length) {
      if (!req.write(chunk)) await once(req, 'drain');
    }
    req.end();
    const [res] = (await once(req, 'response')) as [IncomingMessage];
    let body = '';
    for await (const part of res) body += String(part);
    assert.equal(body, String(TOTAL));
  });
});
