// The queue and per-address limits through the API: a queued visitor who goes away
// (no event stream, no status poll) leaves the queue; one with an open stream stays;
// the per-address cap and the launch rate limit answer 429 with Retry-After.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
before(async () => {
  hub = await startTestHub({
    maxSessions: 1,
    queueAbandonSeconds: 1,
    maxSessionsPerAddress: 3,
    launchesPerMinutePerAddress: 5,
  });
});
after(() => hub.close());

test('a queued visitor who went away leaves the queue; one still watching stays', async () => {
  const holder = hub.visitor();
  const { json: held } = await holder.launch({ notebook: 'welcome.ipynb' });
  await holder.waitFor(String(held.id), 'ready');

  const gone = hub.visitor();
  const { status, json: goneView } = await gone.launch({ notebook: 'welcome.ipynb' });
  assert.equal(status, 202);
  const watcher = hub.visitor();
  const { json: watchView } = await watcher.launch({ notebook: 'welcome.ipynb' });
  assert.equal(watchView.queue_position, 2);
  const stream = await watcher.fetch(`api/sessions/${String(watchView.id)}/events`);
  assert.equal(stream.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  const reader = stream.body!.getReader();

  // Wait for the hub to drop the silent visitor, watching the manager: polling as that
  // visitor would itself count as the visitor still being there.
  const goneId = String(goneView.id);
  const { manager } = hub.hub;
  while (manager.live.get(goneId)) {
    await new Promise<void>((resolve) => manager.once('change', () => resolve()));
  }
  const { json: goneNow } = await gone.session(goneId);
  assert.equal(goneNow.state, 'ended');
  assert.equal(goneNow.ended_reason, 'visitor');
  const { json: watchNow } = await watcher.session(String(watchView.id));
  assert.equal(watchNow.state, 'queued');
  assert.equal(watchNow.queue_position, 1, 'moved up when the other left');
  await reader.cancel();
  await holder.fetch(`api/sessions/${String(held.id)}`, { method: 'DELETE' });
  await watcher.waitFor(String(watchView.id), 'ready');
  await watcher.fetch(`api/sessions/${String(watchView.id)}`, { method: 'DELETE' });
});

test('per-address cap and launch rate limit: 429 with Retry-After, no session created', async () => {
  // Three sessions from this address exist or existed above; the cap counts live ones.
  const live = hub.hub.manager.live.byId.size;
  const results: Array<{ status: number; retry: string | null; error: unknown }> = [];
  for (let i = 0; i < 6; i++) {
    const response = await hub.visitor().fetch('api/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ notebook: 'welcome.ipynb' }),
    });
    const json = (await response.json()) as Record<string, unknown>;
    results.push({
      status: response.status,
      retry: response.headers.get('retry-after'),
      error: json.error,
    });
  }
  const refused = results.filter((r) => r.status === 429);
  assert.ok(refused.length >= 3, JSON.stringify(results));
  for (const r of refused) {
    assert.ok(Number(r.retry) > 0);
    assert.ok(r.error === 'address_limit' || r.error === 'rate_limited', String(r.error));
  }
  assert.ok(
    results.some((r) => r.error === 'rate_limited'),
    "the rate limit answers once the minute's launches are spent",
  );
  assert.ok(hub.hub.manager.live.byId.size - live <= 3, 'never more than the per-address cap');
});
