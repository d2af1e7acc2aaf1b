import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AdminLogins } from './admin-logins.js';

const key = Buffer.from('cookie-key-for-tests-0123456789');
function fixture(token = 'admin-token-0123456789') {
  const clock = { now: 1_000_000, nowMs: () => clock.now, wallMs: () => clock.now };
  const logins = new AdminLogins(key, token, clock, {
    path: '/jupyter/',
    secure: true,
    ttlSeconds: 1800,
  });
  return { clock, logins };
}
const request = (setCookie: string) => ({ headers: { cookie: `a=b; ${setCookie.split(';')[0]}` } });

test('a login cookie is HttpOnly, SameSite=Strict, scoped to the base path and short-lived', () => {
  const { logins } = fixture();
  const { setCookie } = logins.create();
  assert.match(
    setCookie,
    /^cnh_admin=[\w-]{32}\.[\w-]{43}; Path=\/jupyter\/; Max-Age=1800; HttpOnly; SameSite=Strict; Secure$/,
  );
});

test('the cookie proves the login and yields its CSRF token; the token is checked', () => {
  const { logins } = fixture();
  const { setCookie, login } = logins.create();
  const found = logins.fromRequest(request(setCookie));
  assert.deepEqual(found, login);
  assert.ok(logins.csrfValid(found!, login.csrfToken));
  assert.ok(!logins.csrfValid(found!, undefined));
  assert.ok(!logins.csrfValid(found!, `${login.csrfToken}x`));
  assert.ok(!logins.csrfValid(found!, [login.csrfToken]));
  assert.notEqual(login.csrfToken, logins.create().login.csrfToken, 'one token per login');
});

test('forged, tampered, foreign-key, expired and signed-out cookies prove nothing', () => {
  const { logins, clock } = fixture();
  const { setCookie, login } = logins.create();
  const value = setCookie.split(';')[0]!.slice('cnh_admin='.length);
  const flipped = value.slice(0, -1) + (value.endsWith('A') ? 'B' : 'A');
  for (const bad of ['', 'x', flipped, `${login.id}.`, `${'A'.repeat(32)}.${value.split('.')[1]}`])
    assert.equal(logins.fromRequest({ headers: { cookie: `cnh_admin=${bad}` } }), null, bad);
  assert.equal(fixture('another-admin-token-0123').logins.fromRequest(request(setCookie)), null);
  clock.now += 1800_000;
  assert.equal(logins.fromRequest(request(setCookie)), null, 'expired');
  const second = logins.create();
  assert.match(
    logins.end(logins.fromRequest(request(second.setCookie))),
    /^cnh_admin=; Path=\/jupyter\/; Max-Age=0/,
  );
  assert.equal(logins.fromRequest(request(second.setCookie)), null, 'signed out');
});

test('at most 64 logins are kept: the oldest go first', () => {
  const { logins } = fixture();
  const first = logins.create();
  for (let i = 0; i < 64; i++) logins.create();
  assert.equal(logins.fromRequest(request(first.setCookie)), null);
});
