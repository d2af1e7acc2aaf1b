import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockedAddressMessage, blockedAddressReason } from './address-policy.js';

test('public unicast addresses are allowed', () => {
  for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '2a00:1450:4001:82b::200e']) {
    assert.equal(blockedAddressReason(a), null, a);
  }
});

test('every non-public range is refused with a reason', () => {
  const cases: Record<string, RegExp> = {
    '127.0.0.1': /loopback/,
    '127.255.255.254': /loopback/,
    '10.0.0.1': /private/,
    '172.16.0.1': /private/,
    '192.168.0.1': /private/,
    '169.254.169.254': /link-local/,
    '100.64.0.1': /carrier-grade NAT/,
    '100.127.255.254': /carrier-grade NAT/,
    '0.0.0.0': /unspecified/,
    '224.0.0.1': /multicast/,
    '192.0.2.1': /reserved/,
    '::1': /loopback/,
    '::': /unspecified/,
    'fd12:3456::1': /private/,
    'fe80::1': /link-local/,
    '::ffff:10.0.0.1': /IPv4-mapped form of 10\.0\.0\.1, which is in a private network/,
    '::7f00:1': /IPv4-compatible/,
    '::127.0.0.1': /127\.0\.0\.1/,
    '2002:7f00:1::': /6to4/,
    'not-an-ip': /not a valid IP address/,
  };
  for (const [address, reason] of Object.entries(cases)) {
    assert.match(blockedAddressReason(address) ?? 'allowed', reason, address);
  }
});

test('an IPv4-mapped public address is refused too (Node would connect to it over IPv4 anyway)', () => {
  assert.match(blockedAddressReason('::ffff:8.8.8.8') ?? '', /IPv4-mapped form of 8\.8\.8\.8$/);
});

test('the message names the address and the host it came from', () => {
  assert.equal(
    blockedAddressMessage('127.0.0.1', 'is a loopback address (this machine)', 'evil.test'),
    'The address 127.0.0.1 (from evil.test) is a loopback address (this machine) and cannot be fetched.',
  );
  assert.equal(
    blockedAddressMessage('::1', 'is a loopback address (this machine)', '[::1]'),
    'The address ::1 is a loopback address (this machine) and cannot be fetched.',
  );
});
