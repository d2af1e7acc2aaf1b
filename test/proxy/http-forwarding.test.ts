import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  addRoute,
  HUB_ORIGIN,
  ownerCookie,
  send,
  startProxy,
  startUpstream,
  type ProxyHarness,
  type Upstream,
} from './harness.js';

interface Seen {
  method: string;
  url: string;
  rawHeaders: string[];
  headers: IncomingMessage['headers'];
  body: string;
}

describe('HTTP forwarding', () => {
  let upstream: Upstream;
  let hub: ProxyHarness;
  const seen: Seen[] = [];

  before(async () => {
    upstream = await startUpstream((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        seen.push({
          method: req.method!,
          url: req.url!,
          rawHeaders: req.rawHeaders,
          headers: req.headers,
          body,
        });
        const status = Number(/[?&]status=(\d+)/.exec(req.url!)?.[1] ?? 200);
        res.writeHead(status, 'Custom Reason', [
          'Content-Type',
          'text/plain',
          'Content-Security-Policy',
          'default-src *; frame-ancestors *',
          'Set-Cookie',
          '_xsrf=fresh; Path=/user/abc/',
          'Set-Cookie',
          'cnh_visitor=planted; Path=/',
          'X-Upstream-Hop',
          'secret',
          'Connection',
          'keep-alive, X-Upstream-Hop',
          'X-Notebook',
          'yes',
        ]);
        res.end(req.method === 'HEAD' ? undefined : `upstream saw ${req.method} ${req.url}`);
      });
    });
    hub = await startProxy();
    addRoute(hub, 'abc', upstream.target);
  });
  after(async () => {
    await hub.close();
    await upstream.close();
  });

  it('keeps method, raw path, query and Host; swaps Authorization; strips the visitor cookie', async () => {
    const reply = await send(
      hub.url,
      '/user/abc/api/contents/My%20Notebook.ipynb?type=file&x=%2F',
      {
        headers: {
          Host: 'hub.test:8000',
          Cookie: ownerCookie,
          Authorization: 'Bearer client-supplied',
          'X-Custom': 'kept',
          Connection: 'keep-alive, X-Client-Hop',
          'X-Client-Hop': 'dropped',
          'X-Forwarded-For': '203.0.113.9',
        },
      },
    );
    assert.equal(reply.status, 200);
    const got = seen.at(-1)!;
    assert.equal(got.method, 'GET');
    assert.equal(got.url, '/user/abc/api/contents/My%20Notebook.ipynb?type=file&x=%2F');
    assert.equal(got.headers.host, 'hub.test:8000');
    assert.equal(got.headers.authorization, 'token token-of-abc');
    assert.equal(got.headers.cookie, '_xsrf=xsrf-value; theme=dark');
    assert.equal(got.headers['x-custom'], 'kept');
    assert.equal(got.headers['x-client-hop'], undefined);
    assert.equal(got.headers['x-forwarded-for'], '203.0.113.9, 127.0.0.1');
    assert.equal(got.headers['x-forwarded-proto'], 'http');
    assert.equal(got.headers['x-forwarded-host'], 'hub.test:8000');
    assert.equal(got.rawHeaders.filter((h) => h.toLowerCase() === 'authorization').length, 1);
  });

  it('sends no Cookie header when the visitor cookie was the only one', async () => {
    await send(hub.url, '/user/abc/only-cookie', {
      headers: { Cookie: 'cnh_visitor=visitor-owner' },
    });
    assert.equal(seen.at(-1)!.headers.cookie, undefined);
  });

  it("passes status, reason and headers; merges the hub's frame-ancestors into CSP; drops hop-by-hop and the hub cookie", async () => {
    const reply = await send(hub.url, '/user/abc/x?status=201', {
      headers: { Cookie: ownerCookie },
    });
    assert.equal(reply.status, 201);
    assert.equal(
      reply.headers['content-security-policy'],
      "default-src *; frame-ancestors 'self' https://ckan.test",
    );
    assert.equal(reply.rawHeaders.filter((h) => /^content-security-policy$/i.test(h)).length, 1);
    assert.deepEqual(reply.headers['set-cookie'], ['_xsrf=fresh; Path=/user/abc/']);
    assert.equal(reply.headers['x-upstream-hop'], undefined);
    assert.equal(reply.headers['x-notebook'], 'yes');
    assert.equal(reply.body.toString(), 'upstream saw GET /user/abc/x?status=201');
  });

  it('forwards a POST body with Content-Length', async () => {
    const reply = await send(hub.url, '/user/abc/api/kernels', {
      method: 'POST',
      headers: { Cookie: ownerCookie, Origin: HUB_ORIGIN, 'Content-Type': 'application/json' },
      body: '{"name":"python3"}',
    });
    assert.equal(reply.status, 200);
    assert.equal(seen.at(-1)!.method, 'POST');
    assert.equal(seen.at(-1)!.body, '{"name":"python3"}');
    assert.equal(seen.at(-1)!.headers['content-length'], '18');
  });

  it('forwards a chunked PUT body piece by piece', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${hub.url}/user/abc/api/contents/a.txt`, {
        method: 'PUT',
        headers: { Cookie: ownerCookie, Origin: HUB_ORIGIN },
        agent: false,
      });
      req.on('error', reject);
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.write('first,');
      setTimeout(() => req.end('second'), 20);
    });
    assert.equal(status, 200);
    assert.equal(seen.at(-1)!.body, 'first,second');
    assert.equal(seen.at(-1)!.headers['transfer-encoding'], 'chunked');
  });

  it('answers HEAD without a body', async () => {
    const reply = await send(hub.url, '/user/abc/head', {
      method: 'HEAD',
      headers: { Cookie: ownerCookie },
    });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.length, 0);
    assert.equal(seen.at(-1)!.method, 'HEAD');
  });

  it('leaves paths outside {basePath}user/ to the hub', async () => {
    const before = seen.length;
    for (const path of ['/', '/user', '/users/abc/', '/hub/user/abc/', '/api/sessions']) {
      assert.equal((await send(hub.url, path)).status, 418, path);
    }
    assert.equal(seen.length, before);
  });

  it('counts activity for responses below 400 only', async () => {
    const start = hub.activity.get('abc') ?? 0;
    await send(hub.url, '/user/abc/a?status=200', { headers: { Cookie: ownerCookie } });
    await send(hub.url, '/user/abc/a?status=302', { headers: { Cookie: ownerCookie } });
    assert.equal(hub.activity.get('abc'), start + 2);
    await send(hub.url, '/user/abc/a?status=404', { headers: { Cookie: ownerCookie } });
    await send(hub.url, '/user/abc/a?status=500', { headers: { Cookie: ownerCookie } });
    await send(hub.url, '/user/abc/a?status=503', { headers: { Cookie: ownerCookie } });
    assert.equal(hub.activity.get('abc'), start + 2);
  });
});

describe('HTTP forwarding under a base path', () => {
  let upstream: Upstream;
  let hub: ProxyHarness;

  before(async () => {
    upstream = await startUpstream((req, res) => res.end(`at ${req.url}`));
    hub = await startProxy({ basePath: '/jupyter/' });
    addRoute(hub, 'abc', upstream.target);
  });
  after(async () => {
    await hub.close();
    await upstream.close();
  });

  it('proxies {basePath}user/<id>/ and nothing else', async () => {
    const reply = await send(hub.url, '/jupyter/user/abc/tree', {
      headers: { Cookie: ownerCookie },
    });
    assert.equal(reply.body.toString(), 'at /jupyter/user/abc/tree');
    assert.equal(
      (await send(hub.url, '/user/abc/tree', { headers: { Cookie: ownerCookie } })).status,
      418,
    );
  });
});
