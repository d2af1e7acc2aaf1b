/**
 * The proxy with the hub's real identity checks, not the harness's stand-ins: the owner
 * is proven by a cookie the real `VisitorCookies` signed, and Origin is judged by the
 * real `OriginPolicy` (once with a public URL, once from the Host header).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { OriginPolicy } from '../../src/http/origin-policy.js';
import { VISITOR_COOKIE, VisitorCookies } from '../../src/identity/visitor-cookie.js';
import { send, startProxy, startUpstream, type ProxyHarness, type Upstream } from './harness.js';
import { handshakeStatus } from './raw-upgrade.js';

const cookieOptions = { path: '/', sameSite: 'lax', secure: false, maxAgeSeconds: 60 } as const;

for (const mode of ['public URL', 'Host header'] as const) {
  describe(`real cookie and Origin checks (${mode})`, () => {
    const cookies = new VisitorCookies(randomBytes(32), cookieOptions);
    const strangerCookies = new VisitorCookies(randomBytes(32), cookieOptions);
    const owner = cookies.newVisitorId();
    let upstream: Upstream;
    let hub: ProxyHarness;
    let hubOrigin: string;
    let hits = 0;

    before(async () => {
      upstream = await startUpstream((_req, res) => {
        hits++;
        res.end('reached');
      });
      let policy: OriginPolicy | null = null;
      hub = await startProxy({
        identity: {
          visitorId: (req) => cookies.fromRequest(req),
          originAllowed: (req) => policy!.allows(req),
        },
      });
      hubOrigin = `http://127.0.0.1:${hub.port}`;
      policy = new OriginPolicy(mode === 'public URL' ? `${hubOrigin}/hub/` : null, null, []);
      hub.routes.set('s1', {
        sessionId: 's1',
        target: upstream.target,
        ownerVisitorId: owner,
        token: 'token-of-s1',
      });
    });
    after(async () => {
      await hub.close();
      await upstream.close();
    });

    const cookie = (value: string) => `${VISITOR_COOKIE}=${value}`;
    const status = async (
      headers: Record<string, string>,
      method = 'GET',
      path = '/user/s1/api/contents',
    ) => (await send(hub.url, path, { method, headers })).status;

    it('forwards the owner with the signed cookie', async () => {
      const before = hits;
      assert.equal(await status({ cookie: cookie(cookies.sign(owner)) }), 200);
      assert.equal(
        await status({ cookie: cookie(cookies.sign(owner)), origin: hubOrigin }, 'POST'),
        200,
      );
      assert.equal(hits, before + 2);
    });

    it('refuses the bare id, a cookie signed with another key, and tampered ones (404)', async () => {
      const before = hits;
      const signed = cookies.sign(owner);
      const forged = [
        owner,
        strangerCookies.sign(owner),
        `${signed.slice(0, -1)}${signed.endsWith('A') ? 'B' : 'A'}`,
        `${owner}.`,
        signed.slice(0, -2),
        `${signed}x`,
        cookies.sign(cookies.newVisitorId()),
      ];
      for (const value of forged) {
        assert.equal(await status({ cookie: cookie(value) }), 404, value);
      }
      assert.equal(hits, before, 'nothing forged reached the server');
    });

    it('refuses a state-changing request from a look-alike origin (403)', async () => {
      const before = hits;
      const headers = (origin: string) => ({ cookie: cookie(cookies.sign(owner)), origin });
      for (const origin of [
        `${hubOrigin}.evil.example`,
        `${hubOrigin}0`,
        `http://127.0.0.1:${hub.port === 8443 ? 8444 : 8443}`,
        `http://user@127.0.0.1:${hub.port}`,
        hubOrigin.toUpperCase(),
        'http://evil.example',
        'null',
      ]) {
        assert.equal(await status(headers(origin), 'POST'), 403, origin);
        assert.equal(await status(headers(origin), 'DELETE'), 403, origin);
      }
      assert.equal(hits, before);
    });

    it('WebSocket: the owner from the own origin connects; a look-alike or no origin does not', async () => {
      const url = `ws://127.0.0.1:${hub.port}/user/s1/api/kernels/k/channels`;
      const signed = cookie(cookies.sign(owner));
      assert.equal(await handshakeStatus(url, { cookie: signed, origin: hubOrigin }), 101);
      assert.equal(
        await handshakeStatus(url, { cookie: signed, origin: `${hubOrigin}.evil.example` }),
        403,
      );
      assert.equal(await handshakeStatus(url, { cookie: signed }), 403);
      assert.equal(
        await handshakeStatus(url, { cookie: cookie(owner), origin: hubOrigin }),
        404,
        'the bare id is not a cookie',
      );
    });
  });
}
