// With max 3 sessions, 50 simultaneous launches leave exactly 3 running and 47 queued in
// order with correct positions; ending one starts the head of the queue.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestHub, type TestHub, type Visitor } from '../helpers/hub.js';

let hub: TestHub;
before(async () => {
  hub = await startTestHub({ maxSessions: 3, queueAbandonSeconds: 600 });
});
after(() => hub.close());

test('50 simultaneous launches: 3 start, 47 queue in order', async () => {
  const visitors: Visitor[] = Array.from({ length: 50 }, () => hub.visitor());
  const results = await Promise.all(visitors.map((v) => v.launch({ notebook: 'welcome.ipynb' })));
  const started = results.filter((r) => r.status === 201);
  const queued = results.filter((r) => r.status === 202);
  assert.equal(started.length, 3);
  assert.equal(queued.length, 47);
  const positions = queued.map((r) => Number(r.json.queue_position)).sort((a, b) => a - b);
  assert.deepEqual(
    positions,
    Array.from({ length: 47 }, (_, i) => i + 1),
  );
  assert.equal(hub.hub.manager.live.held().all, 3);

  const ids = results.map((r) => String(r.json.id));
  assert.equal(new Set(ids).size, 50, 'every visitor has a session of their own');
  const runningIds = started.map((r) => String(r.json.id));
  await Promise.all(runningIds.map((id) => visitors[ids.indexOf(id)]!.waitFor(id, 'ready')));

  const byPosition = queued.sort(
    (a, b) => Number(a.json.queue_position) - Number(b.json.queue_position),
  );
  const head = byPosition[0]!;
  const second = byPosition[1]!;
  const headVisitor = visitors[ids.indexOf(String(head.json.id))]!;
  const secondVisitor = visitors[ids.indexOf(String(second.json.id))]!;

  const ender = visitors[ids.indexOf(runningIds[0]!)]!;
  const ended = await ender.fetch(`api/sessions/${runningIds[0]}`, { method: 'DELETE' });
  assert.equal(ended.status, 200);
  await headVisitor.waitFor(String(head.json.id), 'ready');
  const { json: secondNow } = await secondVisitor.session(String(second.json.id));
  assert.equal(secondNow.state, 'queued');
  assert.equal(secondNow.queue_position, 1, 'everyone moved up one place');
  assert.equal(hub.hub.manager.live.held().all, 3, 'never more than the cap');
});

test('a second launch by the same visitor re-uses the session and adds the notebook', async () => {
  const visitor = hub.visitor();
  const first = await visitor.launch({ notebook: 'welcome.ipynb' });
  const again = await visitor.launch({ notebook: 'ocean-temperatures/plot-temperatures.ipynb' });
  assert.equal(again.json.id, first.json.id);
  assert.match(String(again.json.url), /notebooks\/plot-temperatures\.ipynb$/);
});
