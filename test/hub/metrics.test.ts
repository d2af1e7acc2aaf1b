// /metrics with a token: refused without it (or with a wrong one), served with it; and
// after a launch and an end, Node's process metrics and the hub's queue-wait, stop and
// request-duration series are there.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestHub, type TestHub } from '../helpers/hub.js';

const metricsToken = 'metrics-test-token-4f2a9c81';
let hub: TestHub;

before(async () => {
  hub = await startTestHub({ metricsToken });
});
after(async () => hub.close());

const scrape = (authorization?: string) =>
  fetch(`${hub.url}metrics`, { headers: authorization ? { authorization } : {} });

test('/metrics refuses a scrape without the token, or with a wrong one', async () => {
  const none = await scrape();
  assert.equal(none.status, 401);
  assert.equal((await none.json()).error, 'unauthorized');
  assert.equal((await scrape('Bearer not-the-token')).status, 401);
  assert.equal((await scrape(metricsToken)).status, 401, 'the Bearer scheme is required');
  const ok = await scrape(`Bearer ${metricsToken}`);
  assert.equal(ok.status, 200);
  assert.match(ok.headers.get('content-type') ?? '', /^text\/plain/);
});

test('after a launch and an end, the new series are there', async () => {
  const visitor = hub.visitor();
  const { status, json } = await visitor.launch({ notebook: 'welcome.ipynb' });
  assert.equal(status, 201);
  const id = String(json.id);
  await visitor.waitFor(id, 'ready');
  await visitor.fetch(`api/sessions/${id}`, { method: 'DELETE' });
  await visitor.waitFor(id, 'ended');

  const text = await (await scrape(`Bearer ${metricsToken}`)).text();
  for (const series of [
    /^process_cpu_user_seconds_total \d/m,
    /^process_resident_memory_bytes \d/m,
    /^nodejs_eventloop_lag_seconds \d/m,
    /^cnh_queue_wait_seconds_count 1$/m,
    /^cnh_session_stop_duration_seconds_count\{spawner="local"\} 1$/m,
    /^cnh_http_request_duration_seconds_count\{method="POST",route="\/api\/sessions",status="201"\} 1$/m,
    /^cnh_http_request_duration_seconds_count\{method="GET",route="\/api\/sessions\/:id",status="200"\} \d+$/m,
  ]) {
    assert.match(text, series);
  }
});
