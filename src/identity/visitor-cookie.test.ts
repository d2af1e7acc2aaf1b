import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readCookie, VisitorCookies } from './visitor-cookie.js';

const options = { path: '/', sameSite: 'lax' as const, secure: false, maxAgeSeconds: 60 };
const cookies = new VisitorCookies(Buffer.from('k'.repeat(32)), options);

test('ids are 128 random bits and differ', () => {
  const a = cookies.newVisitorId();
  const b = cookies.newVisitorId();
  assert.notEqual(a, b);
  assert.equal(Buffer.from(a, 'base64url').length, 16);
});

test('a signed cookie verifies; tampered, truncated or foreign ones do not', () => {
  const id = cookies.newVisitorId();
  const value = cookies.sign(id);
  assert.equal(cookies.verify(value), id);
  const other = cookies.newVisitorId();
  assert.equal(cookies.verify(`${other}${value.slice(22)}`), null);
  assert.equal(cookies.verify(value.slice(0, -1)), null);
  assert.equal(cookies.verify(`${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`), null);
  assert.equal(new VisitorCookies(Buffer.from('other-key'), options).verify(value), null);
  assert.equal(cookies.verify(id), null);
  assert.equal(cookies.verify(''), null);
  assert.equal(cookies.verify(undefined), null);
});

test('the Set-Cookie header is HttpOnly with the configured SameSite', () => {
  const header = cookies.header(cookies.newVisitorId());
  assert.match(
    header,
    /^cnh_visitor=[\w-]{22}\.[\w-]{43}; Path=\/; Max-Age=60; HttpOnly; SameSite=Lax$/,
  );
  const crossSite = new VisitorCookies(Buffer.from('k'), { ...options, sameSite: 'none' }).header(
    'x'.repeat(22),
  );
  assert.match(crossSite, /SameSite=None; Secure; Partitioned$/);
});

test('readCookie finds one cookie among many', () => {
  assert.equal(readCookie('a=1; cnh_visitor=xyz; b=2', 'cnh_visitor'), 'xyz');
  assert.equal(readCookie('a=1', 'cnh_visitor'), undefined);
});
