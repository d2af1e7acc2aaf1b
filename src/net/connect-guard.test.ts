/**
 * The connect-time layer on its own, without safeFetch's URL pre-check: a literal
 * private address is refused by request-filtering-agent when the socket is created, and
 * a name is refused by the guarded lookup for every address it resolves to.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { lookupStub } from '../../test/fakes/lookup-stub.js';
import { startLoopbackServer, type LoopbackServer } from '../../test/fakes/loopback-server.js';
import { BlockedAddressError, guardedLookup } from './connect-guard.js';
import { fetchOnce } from './fetch-once.js';

let server: LoopbackServer;
before(async () => {
  server = await startLoopbackServer((_req, res) => res.end('reached'));
});
after(() => server.close());

const once = (url: string, trusted: boolean, lookup?: ReturnType<typeof lookupStub>) =>
  fetchOnce(new URL(url), { headers: {}, trusted, lookup, signal: new AbortController().signal });

test('the agent refuses a literal loopback address at connect time', async () => {
  await assert.rejects(
    once(`http://127.0.0.1:${server.port}/`, false),
    /DNS lookup 127\.0\.0\.1.*not allowed/,
  );
  await assert.rejects(once(`http://[::ffff:7f00:1]:${server.port}/`, false), /not allowed/);
  assert.equal(server.requests.length, 0);
});

test('the guarded lookup refuses a name resolving to loopback before connecting', async () => {
  const lookup = lookupStub({ 'rebind.test': ['127.0.0.1'] });
  const error = await once(`http://rebind.test:${server.port}/`, false, lookup).catch(
    (e: unknown) => e,
  );
  assert.ok(error instanceof BlockedAddressError);
  assert.equal(error.address, '127.0.0.1');
  assert.equal(error.host, 'rebind.test');
  assert.equal(server.requests.length, 0);
});

test('the trusted agent connects to loopback', async () => {
  const res = await once(`http://127.0.0.1:${server.port}/`, true);
  assert.equal(res.statusCode, 200);
  res.resume();
});

test('guardedLookup passes public answers through unchanged, in both lookup shapes', async () => {
  const lookup = guardedLookup(lookupStub({ 'public.test': ['93.184.216.34', '2606:4700::1111'] }));
  const all = await new Promise((resolve, reject) =>
    lookup('public.test', { all: true }, ((err: Error | null, addresses: unknown) =>
      err ? reject(err) : resolve(addresses)) as never),
  );
  assert.deepEqual(all, [
    { address: '93.184.216.34', family: 4 },
    { address: '2606:4700::1111', family: 6 },
  ]);
  const one = await new Promise((resolve, reject) =>
    lookup('public.test', {}, ((err: Error | null, address: string, family: number) =>
      err ? reject(err) : resolve([address, family])) as never),
  );
  assert.deepEqual(one, ['93.184.216.34', 4]);
});
