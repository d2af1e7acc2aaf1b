import assert from 'node:assert/strict';
import { request, type IncomingMessage } from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  addRoute,
  deadPort,
  eventually,
  ownerCookie,
  send,
  startProxy,
  startUpstream,
  type ProxyHarness,
  type Upstream,
} from './harness.js';

describe('upstream failures', () => {
  let upstream: Upstream;
  let hub: ProxyHarness;
  const hanging: IncomingMessage[] = [];

  before(async () => {
    upstream = await startUpstream((req, res) => {
      if (req.url!.endsWith('/hang')) return void hanging.push(req);
      if (req.url!.endsWith('/die-mid-body')) {
        res.writeHead(200, { 'Content-Length': '1000' });
        res.write('x'.repeat(100));
        setTimeout(() => req.socket.resetAndDestroy(), 20);
        return;
      }
      res.end('fine');
    });
    hub = await startProxy({ headersTimeoutMs: 300 });
    addRoute(hub, 'abc', upstream.target);
    addRoute(hub, 'dead', `http://127.0.0.1:${await deadPort()}`);
  });
  after(async () => {
    await hub.close();
    await upstream.close();
  });

  it('answers 503 as JSON for API clients when nothing listens', async () => {
    const failuresBefore = hub.failures.length;
    const reply = await send(hub.url, '/user/dead/api/status', {
      headers: { Cookie: ownerCookie, Accept: 'application/json' },
    });
    assert.equal(reply.status, 503);
    assert.deepEqual(JSON.parse(reply.body.toString()), {
      error: 'server_unavailable',
      message: 'The notebook server is not answering.',
    });
    assert.equal(
      reply.headers['content-security-policy'],
      "frame-ancestors 'self' https://ckan.test",
    );
    assert.deepEqual(hub.failures.slice(failuresBefore), ['dead']);
    assert.equal(hub.activity.get('dead'), undefined);
  });

  it('answers 503 as an HTML page for browsers', async () => {
    const reply = await send(hub.url, '/user/dead/tree', {
      headers: { Cookie: ownerCookie, Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    assert.equal(reply.status, 503);
    assert.match(reply.headers['content-type']!, /^text\/html/);
    assert.match(reply.body.toString(), /The notebook server is not answering\./);
  });

  it('logs failures quietly: one line per session and interval, no stack', async () => {
    for (let i = 0; i < 20; i++)
      await send(hub.url, '/user/dead/x', { headers: { Cookie: ownerCookie } });
    const lines = hub.logLines.filter((line) => line.includes('"dead"'));
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /ECONNREFUSED/);
    assert.doesNotMatch(lines[0]!, /\n|at .*\(/);
  });

  it('answers 503 when the upstream accepts but does not answer in time', async () => {
    const reply = await send(hub.url, '/user/abc/hang', { headers: { Cookie: ownerCookie } });
    assert.equal(reply.status, 503);
    await eventually(() => hanging.at(-1)!.destroyed, 'upstream request aborted');
  });

  it('cuts the client response off when the upstream dies mid-body', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const req = request({
        host: '127.0.0.1',
        port: hub.port,
        path: '/user/abc/die-mid-body',
        headers: { Cookie: ownerCookie },
        agent: false,
      });
      req.on('error', (error) => resolve(`request error ${error.message}`));
      req.on('response', (res) => {
        let received = 0;
        res.on('data', (chunk: Buffer) => (received += chunk.length));
        res.on('error', () => {});
        res.on('close', () =>
          resolve(res.complete ? `complete ${received}` : `truncated ${received}`),
        );
      });
      req.end();
    });
    assert.equal(outcome, 'truncated 100');
    assert.equal(
      (await send(hub.url, '/user/abc/next', { headers: { Cookie: ownerCookie } })).status,
      200,
    );
  });

  it('aborts the upstream request when the client disconnects', async () => {
    // A proxy with the default (long) timeout, so only the disconnect can end the request.
    const patient = await startProxy();
    addRoute(patient, 'abc', upstream.target);
    const before = hanging.length;
    const req = request({
      host: '127.0.0.1',
      port: patient.port,
      path: '/user/abc/hang',
      headers: { Cookie: ownerCookie },
      agent: false,
    });
    req.on('error', () => {});
    req.end();
    await eventually(() => hanging.length > before, 'upstream reached');
    req.destroy();
    await eventually(() => hanging.at(-1)!.destroyed, 'upstream request aborted');
    await patient.close();
  });

  it('retries a GET once when a pooled connection turns out closed', async () => {
    let requests = 0;
    const flaky = await startUpstream((req, res) => {
      requests++;
      // Answer, then close the kept-alive socket without telling the client.
      res.end('first', () => setTimeout(() => req.socket.resetAndDestroy(), 0));
    });
    addRoute(hub, 'flaky', flaky.target);
    assert.equal(
      (await send(hub.url, '/user/flaky/a', { headers: { Cookie: ownerCookie } })).status,
      200,
    );
    assert.equal(
      (await send(hub.url, '/user/flaky/b', { headers: { Cookie: ownerCookie } })).status,
      200,
    );
    assert.equal(requests, 2);
    await flaky.close();
  });
});
