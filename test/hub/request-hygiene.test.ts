/**
 * Small points of request hygiene, against a real hub:
 * - a request with two Host headers is answered 400 (RFC 9112 §3.2), on plain requests and
 *   WebSocket upgrades, on the public and the admin listener;
 * - wrong admin bearer tokens are throttled per address like the sign-in form: after the
 *   limit, 429 with Retry-After, even for the right token; another address is unaffected.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { ADMIN_FAILURES_PER_MINUTE } from '../../src/http/admin/authorize.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
before(async () => {
  hub = await startTestHub({ trustedProxies: ['127.0.0.1'] });
});
after(() => hub?.close());

/** Sends `head` on a raw socket; resolves to the response's status line. */
function rawStatusLine(base: string, head: string): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(head));
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      if (data.includes('\r\n')) {
        resolve(data.split('\r\n')[0]!);
        socket.destroy();
      }
    });
    socket.on('error', reject);
    socket.on('end', () => resolve(data.split('\r\n')[0] ?? ''));
  });
}

test('two Host headers: 400, for requests and upgrades, on both listeners', async () => {
  const { host } = new URL(hub.url);
  const two = `Host: ${host}\r\nHost: evil.example\r\n`;
  const upgrade =
    'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';
  for (const base of [hub.url, hub.adminUrl]) {
    assert.equal(
      await rawStatusLine(base, `GET /api/capacity HTTP/1.1\r\n${two}\r\n`),
      'HTTP/1.1 400 Bad Request',
    );
    assert.equal(
      await rawStatusLine(
        base,
        `GET /user/abc/api/kernels/k/channels HTTP/1.1\r\n${two}${upgrade}\r\n`,
      ),
      'HTTP/1.1 400 Bad Request',
    );
    assert.equal(
      await rawStatusLine(
        base,
        `GET /api/admin/settings HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      ),
      'HTTP/1.1 401 Unauthorized',
      'one Host header is fine',
    );
  }
});

test('wrong admin bearer tokens are throttled per address', async () => {
  const asked = (token: string, address: string) =>
    fetch(`${hub.url}api/admin/settings`, {
      headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': address },
    });
  const statuses: number[] = [];
  for (let i = 0; i < ADMIN_FAILURES_PER_MINUTE + 2; i++)
    statuses.push((await asked(`wrong-${i}`, '203.0.113.7')).status);
  assert.deepEqual(
    statuses.slice(0, ADMIN_FAILURES_PER_MINUTE),
    Array(ADMIN_FAILURES_PER_MINUTE).fill(401),
  );
  assert.deepEqual(statuses.slice(ADMIN_FAILURES_PER_MINUTE), [429, 429]);
  const blocked = await asked(hub.adminToken, '203.0.113.7');
  assert.equal(blocked.status, 429, 'the right token too, while throttled');
  assert.ok(Number(blocked.headers.get('retry-after')) >= 1);
  assert.equal((await asked(hub.adminToken, '203.0.113.8')).status, 200, 'another address');
  // The admin listener counts with the public one: the same address stays throttled.
  const onAdmin = await fetch(`${hub.adminUrl}api/admin/settings`, {
    headers: { authorization: `Bearer ${hub.adminToken}`, 'x-forwarded-for': '203.0.113.7' },
  });
  assert.equal(onAdmin.status, 429);
});
