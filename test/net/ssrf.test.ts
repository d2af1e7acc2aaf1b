/**
 * The SSRF corpus, through the real HTTP client path. A live dual-stack server listens
 * on every loopback address at the port each URL names, so a check that let a request
 * through would show up as a request the server saw (and a 200), not as a refusal.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HubError } from '../../src/errors/hub-error.js';
import { safeFetch, type SafeFetchOptions } from '../../src/net/safe-fetch.js';
import { lookupStub } from '../fakes/lookup-stub.js';
import { startLoopbackServer, type LoopbackServer } from '../fakes/loopback-server.js';

let target: LoopbackServer;
before(async () => {
  target = await startLoopbackServer((_req, res) => res.end('secret'));
});
after(() => target.close());

const limits = { maxBytes: 1024 * 1024, timeoutMs: 5000 };

async function refusal(url: string, options: Partial<SafeFetchOptions> = {}): Promise<HubError> {
  const seenBefore = target.requests.length;
  const error = await safeFetch(url, { ...limits, ...options }).then(
    (res) => assert.fail(`${url} was fetched (${res.status})`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof HubError, `${url}: ${String(error)}`);
  assert.equal(target.requests.length, seenBefore, `${url} reached the server`);
  return error;
}

async function assertAddressRefused(
  url: string,
  address: RegExp,
  options: Partial<SafeFetchOptions> = {},
) {
  const error = await refusal(url, options);
  assert.equal(error.code, 'fetch_refused', url);
  assert.equal(error.status, 422);
  assert.equal(error.details?.reason, 'address', `${url}: ${error.message}`);
  assert.match(error.message, /^The address .* cannot be fetched\.$/);
  assert.match(error.message, address, url);
}

test('the live server answers when it is the trusted CKAN origin (so refusals below are real)', async () => {
  const res = await safeFetch(`${target.origin}/ok`, { ...limits, trustedOrigin: target.origin });
  assert.equal(res.status, 200);
  assert.equal(res.body.toString(), 'secret');
  assert.equal(res.finalUrl, `${target.origin}/ok`);
});

const loopbackForms: Array<[string, string, RegExp]> = [
  ['dotted', '127.0.0.1', /127\.0\.0\.1 is a loopback address/],
  ['decimal', '2130706433', /127\.0\.0\.1 is a loopback address/],
  ['octal', '0177.0.0.1', /127\.0\.0\.1 is a loopback address/],
  ['hex dotted', '0x7f.0.0.1', /127\.0\.0\.1 is a loopback address/],
  ['hex whole', '0x7f000001', /127\.0\.0\.1 is a loopback address/],
  ['short', '127.1', /127\.0\.0\.1 is a loopback address/],
  ['unspecified (connects to this machine on Linux)', '0', /0\.0\.0\.0 is the unspecified address/],
  ['IPv6 loopback', '[::1]', /::1 is a loopback address/],
  ['IPv6 unspecified', '[::]', /:: is the unspecified address/],
  ['IPv4-mapped dotted', '[::ffff:127.0.0.1]', /IPv4-mapped form of 127\.0\.0\.1.*loopback/],
  ['IPv4-mapped hex', '[::ffff:7f00:1]', /IPv4-mapped form of 127\.0\.0\.1.*loopback/],
  ['IPv4-mapped long', '[0:0:0:0:0:ffff:127.0.0.1]', /IPv4-mapped form of 127\.0\.0\.1/],
  ['IPv4-compatible', '[::127.0.0.1]', /IPv4-compatible/],
  ['NAT64', '[64:ff9b::7f00:1]', /NAT64/],
];
for (const [name, host, message] of loopbackForms) {
  test(`loopback in ${name} notation (${host}) is refused`, () =>
    assertAddressRefused(`http://${host}:${target.port}/`, message));
}

const privateAddresses: Array<[string, RegExp]> = [
  ['10.1.2.3', /private network/],
  ['172.16.0.1', /private network/],
  ['172.31.255.254', /private network/],
  ['192.168.1.1', /private network/],
  ['169.254.169.254', /link-local/],
  ['100.64.0.1', /carrier-grade NAT/],
  ['224.0.0.1', /multicast/],
  ['255.255.255.255', /broadcast/],
  ['240.0.0.1', /reserved/],
  ['[fd00::1]', /private network/],
  ['[fe80::1]', /link-local/],
  ['[ff02::1]', /multicast/],
  ['[::ffff:169.254.169.254]', /IPv4-mapped form of 169\.254\.169\.254.*link-local/],
  ['[::ffff:a00:1]', /IPv4-mapped form of 10\.0\.0\.1.*private/],
];
for (const [host, message] of privateAddresses) {
  test(`${host} is refused`, () =>
    assertAddressRefused(`http://${host}/latest/meta-data/`, message));
}

test('a host name that resolves to loopback (localhost) is refused', () =>
  assertAddressRefused(
    `http://localhost:${target.port}/`,
    /from localhost\) is a loopback address/,
  ));

test('a host name that a resolver maps to 127.0.0.1 is refused at connect time', () =>
  assertAddressRefused(`http://evil.test:${target.port}/`, /127\.0\.0\.1 \(from evil\.test\)/, {
    lookup: lookupStub({ 'evil.test': ['127.0.0.1'] }),
  }));

test('a host name with one public and one private address is refused (every address is checked)', () =>
  assertAddressRefused(`http://mixed.test:${target.port}/`, /10\.0\.0\.7 \(from mixed\.test\)/, {
    lookup: lookupStub({ 'mixed.test': ['93.184.216.34', '10.0.0.7'] }),
  }));

test('a host name resolving to an IPv4-mapped loopback address is refused', () =>
  assertAddressRefused(`http://mapped.test:${target.port}/`, /IPv4-mapped form of 127\.0\.0\.1/, {
    lookup: lookupStub({ 'mapped.test': ['::ffff:127.0.0.1'] }),
  }));

test('only the trusted host:port is exempt: another port on it is refused', async () => {
  const other = await startLoopbackServer((_req, res) => res.end('other'));
  try {
    await assertAddressRefused(`http://127.0.0.1:${other.port}/`, /127\.0\.0\.1/, {
      trustedOrigin: target.origin,
    });
    assert.equal(other.requests.length, 0);
  } finally {
    await other.close();
  }
});

test('only the trusted host:port is exempt: another name for the same address is refused', () =>
  assertAddressRefused(`http://localhost:${target.port}/`, /from localhost/, {
    trustedOrigin: target.origin,
  }));

const badSchemes = [
  'file:///etc/passwd',
  'ftp://example.org/x.ipynb',
  'gopher://127.0.0.1:70/',
  'data:,{}',
  'javascript:alert(1)',
];
for (const url of badSchemes) {
  test(`the scheme of ${url} is refused`, async () => {
    const error = await refusal(url);
    assert.equal(error.code, 'fetch_refused');
    assert.equal(error.details?.reason, 'scheme');
    assert.match(
      error.message,
      /^Only http and https addresses can be fetched, not [a-z]+: addresses\.$/,
    );
  });
}

test('a URL with credentials is refused', async () => {
  const error = await refusal(`http://user:pw@127.0.0.1:${target.port}/`, {
    trustedOrigin: target.origin,
  });
  assert.equal(error.details?.reason, 'credentials');
});

test('a string that is not a URL is refused clearly', async () => {
  const error = await refusal('not a url');
  assert.equal(error.details?.reason, 'invalid_url');
  assert.equal(error.message, 'The address is not a valid URL.');
});
