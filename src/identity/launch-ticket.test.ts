import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { FakeClock } from '../clock.js';
import { HubError } from '../errors/hub-error.js';
import { checkLaunchTicket, signLaunchTicket, type LaunchTicketPayload } from './launch-ticket.js';
import { LaunchTicketVerifier } from './launch-ticket-verifier.js';

interface Vectors {
  secret: string;
  now: number;
  verify: Array<{
    name: string;
    ticket: string;
    /** What the vector launches: a resource or a dataset. */
    resource_id?: string;
    dataset_id?: string;
    expect: ({ ok: true } & LaunchTicketPayload) | { ok: false; error: string };
  }>;
  sign: Array<{ name: string; input: LaunchTicketPayload; ticket: string }>;
}

const vectors = JSON.parse(
  readFileSync(new URL('../../test/vectors/launch-tickets.json', import.meta.url), 'utf8'),
) as Vectors;
const resource = 'b1c0e3d2-0000-4000-8000-000000000001';

test('the vector file has verify and sign cases', () => {
  assert.ok(vectors.verify.length >= 10);
  assert.ok(vectors.sign.length >= 2);
});

for (const v of vectors.verify) {
  test(`verify vector: ${v.name}`, () => {
    const got = checkLaunchTicket(v.ticket, {
      secret: vectors.secret,
      nowSeconds: vectors.now,
      ...(v.dataset_id !== undefined
        ? { datasetId: v.dataset_id }
        : { resourceId: v.resource_id! }),
    });
    if (v.expect.ok) {
      const { ok: _ok, ...payload } = v.expect;
      assert.deepEqual(got, { ok: true, payload });
    } else {
      assert.deepEqual(got, { ok: false, error: v.expect.error });
    }
  });
}

for (const v of vectors.sign) {
  test(`sign vector: ${v.name}`, () => {
    assert.equal(signLaunchTicket(v.input, vectors.secret), v.ticket);
  });
}

const verifierAt = (nowSeconds: number) =>
  new LaunchTicketVerifier(vectors.secret, new FakeClock(nowSeconds * 1000));

const ticketFor = (nonce: string, exp = vectors.now + 300) =>
  signLaunchTicket({ exp, nonce, resource_id: resource, user: 'alice' }, vectors.secret);

test('a ticket is accepted once; the replay is refused with a 401', () => {
  const verifier = verifierAt(vectors.now);
  const ticket = ticketFor('replay-nonce-000000001');
  assert.equal(verifier.verify(ticket, resource).user, 'alice');
  assert.throws(
    () => verifier.verify(ticket, resource),
    (e: unknown) =>
      e instanceof HubError &&
      e.code === 'ticket_invalid' &&
      e.status === 401 &&
      e.details?.reason === 'replayed' &&
      /already been used/.test(e.message),
  );
});

test('a refused ticket does not use up its nonce', () => {
  const verifier = verifierAt(vectors.now);
  const ticket = ticketFor('unused-nonce-000000001');
  assert.throws(() => verifier.verify(ticket, 'another-resource'), /another resource/);
  assert.equal(verifier.verify(ticket, resource).nonce, 'unused-nonce-000000001');
});

test('every stateless failure becomes ticket_invalid with the reason named', () => {
  const verifier = verifierAt(vectors.now);
  for (const v of vectors.verify.filter((x) => !x.expect.ok)) {
    assert.throws(
      () =>
        verifier.verify(
          v.ticket,
          v.dataset_id !== undefined ? { datasetId: v.dataset_id } : v.resource_id!,
        ),
      (e: unknown) =>
        e instanceof HubError &&
        e.code === 'ticket_invalid' &&
        e.details?.reason === (v.expect as { error: string }).error,
      v.name,
    );
  }
});

test('expired nonces are forgotten, so memory stays bounded', () => {
  const clock = new FakeClock(vectors.now * 1000);
  const verifier = new LaunchTicketVerifier(vectors.secret, clock);
  for (let i = 0; i < 50; i++)
    verifier.verify(ticketFor(`bounded-nonce-${String(i).padStart(8, '0')}`), resource);
  assert.equal(verifier.rememberedNonces, 50);
  clock.advance(601_000);
  const later = signLaunchTicket(
    { exp: vectors.now + 901, nonce: 'later-nonce-000000001', resource_id: resource, user: 'bob' },
    vectors.secret,
  );
  verifier.verify(later, resource);
  assert.equal(verifier.rememberedNonces, 1);
});

test('a ticket signed with a non-canonical MAC spelling is refused', () => {
  const ticket = ticketFor('canonical-nonce-000001');
  const sig = ticket.slice(ticket.lastIndexOf('.') + 1);
  // The last base64url character of a 32-byte MAC carries 2 unused bits; flip one.
  const last = sig.at(-1)!;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const twin = alphabet[alphabet.indexOf(last) ^ 1]!;
  const forged = ticket.slice(0, -1) + twin;
  assert.deepEqual(Buffer.from(forged.split('.')[2]!, 'base64url'), Buffer.from(sig, 'base64url'));
  const got = checkLaunchTicket(forged, {
    secret: vectors.secret,
    resourceId: resource,
    nowSeconds: vectors.now,
  });
  assert.deepEqual(got, { ok: false, error: 'bad_signature' });
});

test('a resource ticket never opens a dataset, nor a dataset ticket a resource', () => {
  const verifier = verifierAt(vectors.now);
  const base = { exp: vectors.now + 300, user: 'alice' };
  const forDataset = signLaunchTicket(
    { ...base, nonce: 'dataset-nonce-0000001', dataset_id: 'same-name' },
    vectors.secret,
  );
  const forResource = signLaunchTicket(
    { ...base, nonce: 'resource-nonce-000001', resource_id: 'same-name' },
    vectors.secret,
  );
  assert.throws(() => verifier.verify(forDataset, 'same-name'), /another resource or dataset/);
  assert.throws(
    () => verifier.verify(forResource, { datasetId: 'same-name' }),
    /another resource or dataset/,
  );
  assert.equal(verifier.verify(forDataset, { datasetId: 'same-name' }).dataset_id, 'same-name');
  assert.equal(verifier.verify(forResource, 'same-name').resource_id, 'same-name');
});
