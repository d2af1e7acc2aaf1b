import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { admit } from './admission.js';
import type { ProxyContext, ProxyRoute } from './proxy-context.js';

const route: ProxyRoute = {
  sessionId: 'abc',
  target: 'http://127.0.0.1:8888',
  ownerVisitorId: 'owner',
  token: 't',
};
const ctx: ProxyContext = {
  basePath: '/',
  route: (id) =>
    id === 'abc' ? route : id === 'weird' ? { ...route, target: 'file:///etc' } : undefined,
  visitorId: (req) => (req.headers.cookie as string | undefined) ?? null,
  originAllowed: (req) => req.headers.origin === 'https://hub.example',
  recordActivity: () => {},
  responseHeaders: () => ({}),
  upstreamFailed: () => {},
};

function req(method: string, headers: Record<string, string>): IncomingMessage {
  return { method, headers } as unknown as IncomingMessage;
}

const owner = { cookie: 'owner' };
const handshake = { upgrade: 'websocket', origin: 'https://hub.example', ...owner };

describe('admit', () => {
  it('admits the owner, with the parsed target', () => {
    const admission = admit(ctx, req('GET', owner), 'abc', false);
    assert.ok(admission.ok);
    assert.deepEqual(admission.target, {
      hostname: '127.0.0.1',
      port: 8888,
      host: '127.0.0.1:8888',
    });
  });

  it('gives the same refusal for a missing session, a stranger and no visitor', () => {
    assert.deepEqual(admit(ctx, req('GET', owner), 'nosuch', false), {
      ok: false,
      refusal: 'not_found',
    });
    assert.deepEqual(admit(ctx, req('GET', { cookie: 'x' }), 'abc', false), {
      ok: false,
      refusal: 'not_found',
    });
    assert.deepEqual(admit(ctx, req('GET', {}), 'abc', false), { ok: false, refusal: 'not_found' });
  });

  it('checks Origin on state-changing methods only when one is sent', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'PROPFIND']) {
      const foreign = admit(
        ctx,
        req(method, { ...owner, origin: 'https://evil.example' }),
        'abc',
        false,
      );
      assert.deepEqual(foreign, { ok: false, refusal: 'origin_refused' }, method);
      assert.equal(
        admit(ctx, req(method, { ...owner, origin: 'https://hub.example' }), 'abc', false).ok,
        true,
      );
      assert.equal(
        admit(ctx, req(method, owner), 'abc', false).ok,
        true,
        `${method} without Origin`,
      );
    }
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      assert.equal(
        admit(ctx, req(method, { ...owner, origin: 'https://evil.example' }), 'abc', false).ok,
        true,
      );
    }
  });

  it('refuses a foreign Origin before looking the session up', () => {
    const probe = admit(ctx, req('POST', { origin: 'https://evil.example' }), 'nosuch', false);
    assert.deepEqual(probe, { ok: false, refusal: 'origin_refused' });
  });

  it('requires an allowed Origin on every WebSocket handshake', () => {
    assert.equal(admit(ctx, req('GET', handshake), 'abc', true).ok, true);
    const { origin: _, ...noOrigin } = handshake;
    assert.deepEqual(admit(ctx, req('GET', noOrigin), 'abc', true), {
      ok: false,
      refusal: 'origin_refused',
    });
    assert.deepEqual(admit(ctx, req('GET', { ...handshake, origin: 'null' }), 'abc', true), {
      ok: false,
      refusal: 'origin_refused',
    });
  });

  it('refuses upgrades that are not WebSocket handshakes', () => {
    assert.deepEqual(admit(ctx, req('POST', handshake), 'abc', true), {
      ok: false,
      refusal: 'not_websocket',
    });
    assert.deepEqual(admit(ctx, req('GET', { ...handshake, upgrade: 'h2c' }), 'abc', true), {
      ok: false,
      refusal: 'not_websocket',
    });
    assert.equal(
      admit(ctx, req('GET', { ...handshake, upgrade: 'WebSocket' }), 'abc', true).ok,
      true,
    );
  });

  it('refuses targets that are not plain http origins', () => {
    assert.deepEqual(admit(ctx, req('GET', owner), 'weird', false), {
      ok: false,
      refusal: 'bad_target',
    });
  });
});
