/**
 * Private datasets: a guest is always anonymous to CKAN and gets 403; a valid launch
 * ticket for that resource makes the hub use its configured token; any bad ticket is 401
 * before CKAN is asked.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { downloadFixture } from '../fakes/ckan-fixtures.js';
import { FakeCkan } from '../fakes/ckan-server.js';
import {
  guest,
  hubError,
  materialized,
  noAbort,
  sourceFor,
  ticket,
  datasetTicket,
} from './ckan-harness.js';

let ckan: FakeCkan;
before(async () => {
  ckan = await FakeCkan.start();
});
after(() => ckan.close());

const launch = (id: () => string, t?: string) => ({
  resource_id: id(),
  ...(t ? { ticket: t } : {}),
});
const privateId = () => ckan.ids.privateNotebook;

test('a guest gets 403 with a clear message, and CKAN saw no credentials', async () => {
  const seen = ckan.requests.length;
  const error = await hubError(sourceFor(ckan).resolve(launch(privateId), guest, noAbort()));
  assert.equal(error.code, 'dataset_forbidden');
  assert.equal(error.status, 403);
  assert.equal(error.message, 'This dataset is private. Log in to the portal to run it.');
  const calls = ckan.requests.slice(seen);
  assert.ok(calls.length > 0);
  assert.ok(calls.every((r) => r.headers.authorization === undefined));
});

test('a valid ticket runs it, fetched with the configured token', async () => {
  const source = sourceFor(ckan);
  const seen = ckan.requests.length;
  const nb = await source.resolve(launch(privateId, ticket(privateId())), guest, noAbort());
  assert.equal(nb.private, true);
  assert.equal(nb.ckanUser, 'alice');
  assert.equal(nb.title, 'Private notebook');
  assert.deepEqual(nb.content, downloadFixture('download.private-notebook.member').body);
  const calls = ckan.requests.slice(seen);
  assert.equal(calls.length, 3);
  assert.ok(calls.every((r) => r.headers.authorization === ckan.tokens.sysadmin));
  const ws = await materialized(nb);
  try {
    assert.deepEqual(await ws.read('analysis.ipynb'), nb.content);
    const manifest = await ws.manifest();
    assert.equal(manifest.dataset.title, 'Private study');
    assert.deepEqual(manifest.files, []);
  } finally {
    await ws.cleanup();
  }
});

test('after a ticket holder ran it, a guest still gets 403 (the cache does not leak)', async () => {
  const error = await hubError(sourceFor(ckan).resolve(launch(privateId), guest, noAbort()));
  assert.equal(error.code, 'dataset_forbidden');
});

const badTickets: Array<[string, () => string, string]> = [
  ['expired', () => ticket(privateId(), { exp: Math.floor(Date.now() / 1000) - 1 }), 'expired'],
  ['tampered (user changed, signature kept)', () => tampered(), 'bad_signature'],
  ['signed with another secret', () => forgedWithOtherSecret(), 'bad_signature'],
  ['for another resource', () => ticket(ckan.ids.uploadNotebook), 'wrong_resource'],
  ['for a dataset of the same id', () => datasetTicket(privateId()), 'wrong_resource'],
  [
    'living too long',
    () => ticket(privateId(), { exp: Math.floor(Date.now() / 1000) + 3600 }),
    'too_long_lived',
  ],
  ['garbage', () => 'not-a-ticket', 'malformed'],
];
for (const [name, make, reason] of badTickets) {
  test(`a ticket ${name} is 401 for a private notebook, and CKAN is asked only anonymously`, async () => {
    const seen = ckan.requests.length;
    const error = await hubError(
      sourceFor(ckan).resolve(launch(privateId, make()), guest, noAbort()),
    );
    assert.equal(error.code, 'ticket_invalid');
    assert.equal(error.status, 401);
    assert.match(String(error.details?.reason), new RegExp(`^(${reason})$`));
    assert.ok(ckan.requests.slice(seen).every((r) => r.headers.authorization === undefined));
  });

  test(`a ticket ${name} falls back to the guest path for a public notebook`, async () => {
    const id = () => ckan.ids.uploadNotebook;
    const bad = name === 'for another resource' ? ticket(privateId()) : make();
    const seen = ckan.requests.length;
    const nb = await sourceFor(ckan).resolve(launch(id, bad), guest, noAbort());
    assert.equal(nb.ckanUser, null, 'run as a guest');
    assert.equal(nb.private, false);
    assert.ok(ckan.requests.slice(seen).every((r) => r.headers.authorization === undefined));
  });
}

test('a spent ticket falls back to the guest path for a public notebook', async () => {
  const source = sourceFor(ckan);
  const id = () => ckan.ids.uploadNotebook;
  const once = ticket(id());
  assert.equal((await source.resolve(launch(id, once), guest, noAbort())).ckanUser, 'alice');
  assert.equal((await source.resolve(launch(id, once), guest, noAbort())).ckanUser, null);
});

test('a replayed ticket is 401', async () => {
  const source = sourceFor(ckan);
  const once = ticket(privateId());
  await source.resolve(launch(privateId, once), guest, noAbort());
  const error = await hubError(source.resolve(launch(privateId, once), guest, noAbort()));
  assert.equal(error.code, 'ticket_invalid');
  assert.equal(error.details?.reason, 'replayed');
  assert.match(error.message, /already been used/);
});

test('a ticket is refused when the hub has no ticket secret', async () => {
  const error = await hubError(
    sourceFor(ckan, { ticketSecret: null }).resolve(
      launch(privateId, ticket(privateId())),
      guest,
      noAbort(),
    ),
  );
  assert.equal(error.code, 'ticket_invalid');
});

test("a ticket holder gets 403 when CKAN does not accept the hub's token (answered as anonymous)", async () => {
  const source = sourceFor(ckan, { ckanApiToken: 'a-token-ckan-does-not-know' });
  const error = await hubError(
    source.resolve(launch(privateId, ticket(privateId())), guest, noAbort()),
  );
  assert.equal(error.code, 'dataset_forbidden');
  assert.match(error.message, /hub's account/);
});

test('a ticket holder of a public notebook is recorded as that CKAN user', async () => {
  const id = () => ckan.ids.uploadNotebook;
  const nb = await sourceFor(ckan).resolve(
    launch(id, ticket(id(), { user: 'zoë' })),
    guest,
    noAbort(),
  );
  assert.equal(nb.ckanUser, 'zoë');
  assert.equal(nb.private, false);
});

function tampered(): string {
  const fields = { exp: Math.floor(Date.now() / 1000) + 300, nonce: 'tamper-nonce-0000000001' };
  const alice = ticket(privateId(), { ...fields, user: 'alice' });
  const mallory = ticket(privateId(), { ...fields, user: 'mallory' });
  return mallory.slice(0, mallory.lastIndexOf('.')) + alice.slice(alice.lastIndexOf('.'));
}

function forgedWithOtherSecret(): string {
  const genuine = ticket(privateId());
  return `${genuine.slice(0, genuine.lastIndexOf('.'))}.${'A'.repeat(43)}`;
}
