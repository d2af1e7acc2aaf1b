import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClientAddressResolver } from './client-address.js';

test('without trusted proxies X-Forwarded-For is ignored', () => {
  const r = new ClientAddressResolver([]);
  assert.equal(r.resolve('::ffff:10.0.0.5', '1.2.3.4'), '10.0.0.5');
});

test("a trusted proxy's X-Forwarded-For is read from the right", () => {
  const r = new ClientAddressResolver(['10.0.0.0/8', '192.168.1.1']);
  assert.equal(r.resolve('10.0.0.5', '6.6.6.6, 1.2.3.4, 192.168.1.1'), '1.2.3.4');
  assert.equal(r.resolve('8.8.8.8', '1.2.3.4'), '8.8.8.8');
  assert.equal(r.resolve('10.0.0.5', undefined), '10.0.0.5');
});
