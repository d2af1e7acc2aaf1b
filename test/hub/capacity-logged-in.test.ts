// The overall cap holds for every kind of visitor. Logged-in visitors (CKAN launch
// tickets) are not subject to the guest cap, so only `max_sessions` stops the one after
// the last slot; with a guest cap below max_sessions, a burst of both kinds never
// exceeds either cap. Real Jupyter servers through the real API; the peaks are read
// after every session change the manager announces.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Spawner } from '../../src/spawners/spawner.js';
import { HeldSpawner } from '../browser/held-spawner.js';
import { FakeCkan } from '../fakes/ckan-server.js';
import { startTestHub, type TestHub, type Visitor } from '../helpers/hub.js';
import { ticket, ticketSecret } from '../ckan/ckan-harness.js';

let ckan: FakeCkan;
before(async () => {
  ckan = await FakeCkan.start();
});
after(() => ckan.close());

interface Watched {
  hub: TestHub;
  peak: { all: number; guests: number };
}

async function hubWith(
  maxSessions: number,
  maxGuestSessions?: number,
  spawner?: Spawner,
): Promise<Watched> {
  const hub = await startTestHub(
    {
      maxSessions,
      ...(maxGuestSessions === undefined ? {} : { maxGuestSessions }),
      queueAbandonSeconds: 600,
      launchesPerMinutePerAddress: 1000,
      ckanUrl: ckan.url,
      ckanApiToken: ckan.tokens.sysadmin,
      ticketSecret,
    },
    { spawner },
  );
  const peak = { all: 0, guests: 0 };
  const { manager } = hub.hub;
  manager.on('change', () => {
    const held = manager.live.held();
    peak.all = Math.max(peak.all, held.all);
    peak.guests = Math.max(peak.guests, held.guests);
  });
  return { hub, peak };
}

/** A logged-in visitor's launch: a fresh single-use ticket for a public CKAN notebook. */
function asMember(visitor: Visitor, user = `member-${randomBytes(4).toString('hex')}`) {
  const id = ckan.ids.uploadNotebook;
  return visitor.launch({ resource_id: id, ticket: ticket(id, { user }) });
}
const asGuest = (visitor: Visitor) => visitor.launch({ notebook: 'welcome.ipynb' });

describe('only logged-in visitors, max_sessions 3 (guest cap at its default)', () => {
  let w: Watched;
  before(async () => {
    w = await hubWith(3);
  });
  after(() => w.hub.close());

  test('the fourth logged-in visitor is queued, and so is a guest after them', async () => {
    const members = [w.hub.visitor(), w.hub.visitor(), w.hub.visitor()];
    const ids: string[] = [];
    for (const m of members) {
      const { status, json } = await asMember(m);
      assert.equal(status, 201, JSON.stringify(json));
      ids.push(String(json.id));
    }
    assert.deepEqual(w.hub.hub.manager.live.held(), { all: 3, guests: 0 });

    const fourth = w.hub.visitor();
    const queued = await asMember(fourth);
    assert.equal(queued.status, 202, 'session N+1 of a logged-in visitor waits');
    assert.equal(queued.json.state, 'queued');
    assert.equal(queued.json.queue_position, 1);
    const guest = await asGuest(w.hub.visitor());
    assert.equal(guest.status, 202);
    assert.equal(guest.json.queue_position, 2);
    assert.equal(w.hub.hub.manager.live.held().all, 3);

    // Freeing a slot starts the head (the logged-in visitor), and only the head.
    const ended = await members[0]!.fetch(`api/sessions/${ids[0]}`, { method: 'DELETE' });
    assert.equal(ended.status, 200);
    await fourth.waitFor(String(queued.json.id), 'ready');
    assert.equal(w.hub.hub.manager.live.position(String(guest.json.id)), 1);
    assert.deepEqual(w.peak, { all: 3, guests: 0 });
  });
});

describe('a mix, max_sessions 3 and max_guest_sessions 2', () => {
  let w: Watched;
  before(async () => {
    w = await hubWith(3, 2);
  });
  after(() => w.hub.close());

  test('with guests below their cap, the overall cap still queues a guest and a member', async () => {
    assert.equal((await asGuest(w.hub.visitor())).status, 201);
    assert.equal((await asMember(w.hub.visitor())).status, 201);
    assert.equal((await asMember(w.hub.visitor())).status, 201);
    assert.deepEqual(w.hub.hub.manager.live.held(), { all: 3, guests: 1 });

    const guest = await asGuest(w.hub.visitor());
    assert.equal(guest.status, 202, 'the guest cap (2) is not reached, the overall cap is');
    const member = await asMember(w.hub.visitor());
    assert.equal(member.status, 202);
    assert.equal(member.json.queue_position, 2);
    assert.deepEqual(w.hub.hub.manager.live.held(), { all: 3, guests: 1 });
    assert.deepEqual(w.peak, { all: 3, guests: 1 });
  });
});

describe('the guest cap below max_sessions: 50 launches at once, half of them logged in', () => {
  // The slot logic does not depend on the backend, and draining 50 sessions through real
  // servers would take minutes: here every start is held (the session keeps its slot in
  // `starting`) until the test ends it, so the whole queue drains in rounds.
  let w: Watched;
  before(async () => {
    w = await hubWith(4, 2, new HeldSpawner());
  });
  after(() => w.hub.close());

  test('no moment has more than 4 sessions or more than 2 guest sessions', async () => {
    const visitors = Array.from({ length: 50 }, () => w.hub.visitor());
    const isMember = (i: number) => i % 2 === 1;
    const results = await Promise.all(
      visitors.map((v, i) => (isMember(i) ? asMember(v) : asGuest(v))),
    );
    for (const r of results) assert.ok(r.status === 201 || r.status === 202, JSON.stringify(r));
    const started = results.filter((r) => r.status === 201);
    const queued = results.filter((r) => r.status === 202);
    assert.ok(started.length >= 1 && started.length <= 4, `${started.length} started`);
    const startedGuests = results.filter((r, i) => r.status === 201 && !isMember(i));
    assert.ok(startedGuests.length <= 2, `${startedGuests.length} guests started`);
    assert.equal(started.length + queued.length, 50);
    assert.deepEqual(
      queued.map((r) => Number(r.json.queue_position)).sort((a, b) => a - b),
      Array.from({ length: queued.length }, (_, i) => i + 1),
    );
    assert.equal(new Set(results.map((r) => String(r.json.id))).size, 50);

    // Drain: end every session holding a slot; the queue's head takes the freed slots.
    const { manager } = w.hub.hub;
    let rounds = 0;
    while (manager.live.byId.size > 0) {
      const holding = [...manager.live.byId.values()].filter((l) => l.record.state !== 'queued');
      assert.ok(holding.length > 0, 'slots are free but the queue did not move');
      const held = manager.live.held();
      assert.ok(held.all <= 4 && held.guests <= 2, JSON.stringify(held));
      await Promise.all(holding.map((l) => manager.end(l.record.id, 'admin')));
      rounds++;
    }
    assert.ok(rounds >= 50 / 4, `${rounds} rounds`);
    assert.ok(w.peak.all <= 4, `peak ${w.peak.all} sessions`);
    assert.ok(w.peak.guests <= 2, `peak ${w.peak.guests} guest sessions`);
    // Once the guests are through, the members fill every slot: the caps were reached.
    assert.deepEqual(w.peak, { all: 4, guests: 2 });
  });
});
