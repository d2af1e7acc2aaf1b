import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  addRoute,
  HUB_ORIGIN,
  OWNER,
  ownerCookie,
  send,
  startProxy,
  startUpstream,
  type ProxyHarness,
  type Upstream,
} from './harness.js';
import { handshakeStatus, rawHandshake } from './raw-upgrade.js';

describe('who may reach a session', () => {
  let upstream: Upstream;
  let hub: ProxyHarness;
  let upstreamHits = 0;

  before(async () => {
    upstream = await startUpstream((_req, res) => {
      upstreamHits++;
      res.end('reached');
    });
    hub = await startProxy();
    addRoute(hub, 'abc', upstream.target);
    addRoute(hub, 'def', upstream.target);
    hub.routes.set('other', {
      ...hub.routes.get('abc')!,
      sessionId: 'other',
      ownerVisitorId: 'someone-else',
    });
  });
  after(async () => {
    await hub.close();
    await upstream.close();
  });

  it('forwards the owner', async () => {
    assert.equal(
      (await send(hub.url, '/user/abc/', { headers: { Cookie: ownerCookie } })).status,
      200,
    );
  });

  it('answers 404 alike for another visitor, no cookie and an unknown session', async () => {
    const hitsBefore = upstreamHits;
    const other = await send(hub.url, '/user/other/api/status', {
      headers: { Cookie: ownerCookie },
    });
    const stranger = await send(hub.url, '/user/abc/api/status', {
      headers: { Cookie: 'cnh_visitor=intruder' },
    });
    const anonymous = await send(hub.url, '/user/abc/api/status');
    const unknown = await send(hub.url, '/user/nosuch/api/status', {
      headers: { Cookie: ownerCookie },
    });
    for (const reply of [other, stranger, anonymous, unknown]) {
      assert.equal(reply.status, 404);
      assert.deepEqual(reply.body, unknown.body);
      assert.equal(reply.headers['content-type'], unknown.headers['content-type']);
    }
    assert.equal(JSON.parse(unknown.body.toString()).error, 'not_found');
    assert.equal(upstreamHits, hitsBefore);
  });

  it('refuses WebSocket upgrades from non-owners with 404', async () => {
    const url = `ws://127.0.0.1:${hub.port}/user/abc/api/kernels/k/channels`;
    const base = { Origin: HUB_ORIGIN };
    assert.equal(await handshakeStatus(url, { ...base, Cookie: 'cnh_visitor=intruder' }), 404);
    assert.equal(await handshakeStatus(url, base), 404);
    assert.equal(
      await handshakeStatus(`ws://127.0.0.1:${hub.port}/user/other/x`, {
        ...base,
        Cookie: ownerCookie,
      }),
      404,
    );
    assert.equal(await handshakeStatus(url, { ...base, Cookie: ownerCookie }), 101);
  });

  it('rejects traversal to another session before any lookup', async () => {
    const hitsBefore = upstreamHits;
    for (const path of [
      '/user/abc/%2e%2e/def/api/contents',
      '/user/abc/%2E%2E/def/',
      '/user/abc/..%2fdef/',
      '/user/abc/%252e%252e/def/',
      '/user/abc/..%5cdef/',
      '/user/abc/../def/',
      '/user/abc/x/..',
      '/user/ABC/',
      '/user/a_b/',
      `/user/${'a'.repeat(41)}/`,
      '/user/',
    ]) {
      const reply = await send(hub.url, path, { headers: { Cookie: ownerCookie } });
      assert.equal(reply.status, 404, path);
    }
    assert.equal(upstreamHits, hitsBefore);
    const headers = { Origin: HUB_ORIGIN, Cookie: ownerCookie };
    assert.equal(await rawHandshake(hub.port, '/user/abc/api/kernels/k/channels', headers), 101);
    for (const path of ['/user/abc/%2e%2e/def/api/kernels/k/channels', '/user/abc/../def/']) {
      assert.equal(await rawHandshake(hub.port, path, headers), 404, path);
    }
  });

  it('refuses state-changing requests from a foreign Origin with 403', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const foreign = await send(hub.url, '/user/abc/api/contents', {
        method,
        headers: { Cookie: ownerCookie, Origin: 'https://evil.test' },
      });
      assert.equal(foreign.status, 403, method);
      assert.equal(JSON.parse(foreign.body.toString()).error, 'origin_refused');
    }
    const own = { Cookie: ownerCookie, Origin: HUB_ORIGIN };
    assert.equal((await send(hub.url, '/user/abc/', { method: 'POST', headers: own })).status, 200);
  });

  it('lets non-browser clients without Origin POST, and reads need no Origin check', async () => {
    const headers = { Cookie: ownerCookie };
    assert.equal((await send(hub.url, '/user/abc/', { method: 'POST', headers })).status, 200);
    const foreignRead = { Cookie: ownerCookie, Origin: 'https://evil.test' };
    assert.equal((await send(hub.url, '/user/abc/', { headers: foreignRead })).status, 200);
  });

  it('refuses WebSocket upgrades with a foreign or missing Origin', async () => {
    const url = `ws://127.0.0.1:${hub.port}/user/abc/api/kernels/k/channels`;
    assert.equal(
      await handshakeStatus(url, { Cookie: ownerCookie, Origin: 'https://evil.test' }),
      403,
    );
    assert.equal(await handshakeStatus(url, { Cookie: ownerCookie }), 403);
  });

  it('does not count refused requests as activity', async () => {
    const before = hub.activity.get('abc') ?? 0;
    for (let i = 0; i < 50; i++) {
      await send(hub.url, '/user/abc/', { headers: { Cookie: `cnh_visitor=not-${OWNER}` } });
      await send(hub.url, '/user/abc/%2e%2e/', { headers: { Cookie: ownerCookie } });
    }
    assert.equal(hub.activity.get('abc') ?? 0, before);
  });
});
