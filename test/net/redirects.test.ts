/**
 * Redirects are followed by hand, and every hop is checked again: a trusted (public-
 * looking) site that redirects to a private address, to a name resolving to one, or to
 * a non-http scheme is refused; loops stop at the redirect cap.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HubError } from '../../src/errors/hub-error.js';
import { headersForRedirect, safeFetch } from '../../src/net/safe-fetch.js';
import { startLoopbackServer, type LoopbackServer } from '../fakes/loopback-server.js';

let site: LoopbackServer; // the trusted CKAN site
let internal: LoopbackServer; // an internal service nobody may reach

before(async () => {
  internal = await startLoopbackServer((_req, res) => res.end('internal secret'));
  site = await startLoopbackServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const to = url.searchParams.get('to');
    if (url.pathname === '/redirect' && to) {
      res.writeHead(Number(url.searchParams.get('status') ?? 302), { location: to });
      return res.end();
    }
    if (url.pathname === '/loop') {
      res.writeHead(302, { location: '/loop' });
      return res.end();
    }
    const hops = /^\/chain\/(\d+)$/.exec(url.pathname);
    if (hops && Number(hops[1]) > 0) {
      res.writeHead(307, { location: `/chain/${Number(hops[1]) - 1}` });
      return res.end();
    }
    res.end(`final ${url.pathname} auth=${req.headers.authorization ?? 'none'}`);
  });
});
after(async () => {
  await site.close();
  await internal.close();
});

const opts = () => ({ maxBytes: 1024 * 1024, timeoutMs: 5000, trustedOrigin: site.origin });

async function refusedRedirect(to: string): Promise<HubError> {
  const url = `${site.origin}/redirect?to=${encodeURIComponent(to)}`;
  const error = await safeFetch(url, opts()).then(
    (res) => assert.fail(`followed to ${res.finalUrl}`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof HubError, String(error));
  assert.equal(error.code, 'fetch_refused');
  assert.equal(internal.requests.length, 0, 'the internal service was reached');
  return error;
}

const privateTargets: Array<[string, RegExp]> = [
  ['http://127.0.0.1:PORT/', /127\.0\.0\.1 is a loopback address/],
  ['http://2130706433:PORT/', /127\.0\.0\.1 is a loopback address/],
  ['http://[::ffff:127.0.0.1]:PORT/', /IPv4-mapped form of 127\.0\.0\.1/],
  ['http://localhost:PORT/', /127\.0\.0\.1 \(from localhost\)|::1 \(from localhost\)/],
  ['http://169.254.169.254/latest/meta-data/', /link-local/],
];
for (const [template, message] of privateTargets) {
  test(`a redirect to ${template} is refused`, async () => {
    const error = await refusedRedirect(template.replace('PORT', String(internal.port)));
    assert.equal(error.details?.reason, 'address');
    assert.match(error.message, message);
  });
}

for (const to of ['file:///etc/passwd', 'ftp://example.org/data.csv', 'gopher://127.0.0.1:70/_']) {
  test(`a redirect to ${to} is refused`, async () => {
    const error = await refusedRedirect(to);
    assert.equal(error.details?.reason, 'scheme');
    assert.match(error.message, /^Only http and https addresses can be fetched/);
  });
}

test('a redirect loop stops at the redirect cap', async () => {
  const error = await safeFetch(`${site.origin}/loop`, opts()).then(
    () => assert.fail('loop followed'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof HubError);
  assert.equal(error.details?.reason, 'redirects');
  assert.equal(error.message, 'The address redirected more than 5 times.');
});

test('a chain within the cap is followed (relative Locations), keeping same-origin credentials', async () => {
  const res = await safeFetch(`${site.origin}/chain/5`, {
    ...opts(),
    headers: { Authorization: 'token-1' },
  });
  assert.equal(res.status, 200);
  assert.equal(res.finalUrl, `${site.origin}/chain/0`);
  assert.equal(res.body.toString(), 'final /chain/0 auth=token-1');
});

test('credentials are dropped when a redirect leaves the origin', () => {
  const headers = { authorization: 't', cookie: 'c', 'proxy-authorization': 'p', accept: '*/*' };
  const from = new URL('http://ckan.example:5000/a');
  assert.deepEqual(
    headersForRedirect(headers, from, new URL('http://ckan.example:5000/b')),
    headers,
  );
  assert.deepEqual(headersForRedirect(headers, from, new URL('https://ckan.example:5000/b')), {
    accept: '*/*',
  });
  assert.deepEqual(headersForRedirect(headers, from, new URL('http://files.example/b')), {
    accept: '*/*',
  });
});
