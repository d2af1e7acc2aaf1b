/**
 * The guest cap is computed when read: `max_sessions` 1 and then 10 lets 10 guests run
 * (the stored `max_guest_sessions` stays 0, "the same as max_sessions"), and the
 * launcher's free counts agree with what the queue then does, for guests and logged-in
 * users. Real Jupyter servers, local sandbox.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestHub, type TestHub, type Visitor } from '../helpers/hub.js';

let hub: TestHub;
before(async () => {
  hub = await startTestHub({ maxSessions: 100 });
});
after(() => hub?.close());

const put = async (body: Record<string, unknown>) => {
  const response = await hub.admin('api/admin/settings', {
    method: 'PUT',
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200);
  return (await response.json()) as Record<string, unknown>;
};
const capacity = async () =>
  (await (await fetch(`${hub.url}api/capacity`)).json()) as Record<string, number>;

test('max_sessions 1, then 10, lets 10 guests run', async () => {
  assert.equal((await put({ max_sessions: 1 })).max_guest_sessions, 0);
  assert.equal((await capacity()).free_guests, 1);
  assert.equal((await put({ max_sessions: 10 })).max_guest_sessions, 0, 'never rewritten');
  const before = await capacity();
  assert.deepEqual([before.free, before.free_guests, before.max_guest_sessions], [10, 10, 10]);

  const guests: Visitor[] = [];
  const ids: string[] = [];
  for (let i = 0; i < 10; i++) {
    const guest = hub.visitor();
    const { status, json } = await guest.launch({ notebook: 'welcome.ipynb' });
    assert.equal(status, 201, `guest ${i + 1} starts at once: ${JSON.stringify(json)}`);
    guests.push(guest);
    ids.push(String(json.id));
  }
  await Promise.all(guests.map((g, i) => g.waitFor(ids[i]!, 'ready', 180_000)));
  const full = await capacity();
  assert.deepEqual([full.running, full.free, full.free_guests], [10, 0, 0]);

  const eleventh = await hub.visitor().launch({ notebook: 'welcome.ipynb' });
  assert.equal(eleventh.status, 202, 'and the 11th queues, as "0 free" said');
  assert.equal(eleventh.json.queue_position, 1);
});

test('a guest cap below the total: guests see their share, and the queue agrees', async () => {
  for (const id of [...hub.hub.manager.live.byId.keys()]) await hub.hub.manager.end(id, 'admin');
  await put({ max_sessions: 3, max_guest_sessions: 1 });
  const before = await capacity();
  assert.deepEqual([before.free, before.free_guests], [3, 1]);
  const first = await hub.visitor().launch({ notebook: 'welcome.ipynb' });
  assert.equal(first.status, 201);
  const after_ = await capacity();
  assert.deepEqual([after_.free, after_.free_guests], [2, 0]);
  const second = await hub.visitor().launch({ notebook: 'welcome.ipynb' });
  assert.equal(second.status, 202, 'the guest saw 0 free and queues');
});
