// Every launch cap the hub enforces, through the real API: exactly at the limit is
// accepted, one unit over is refused with its error, and a refusal creates no session.
// These are admission rules, decided before a server is asked for, so the spawner holds
// every start (the session keeps its slot in `starting`) instead of running Jupyter.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ConfigKey } from '../../src/config/schema.js';
import { HeldSpawner } from '../browser/held-spawner.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { notebookOfBytes, notebookOfDepth, writeFiles } from '../helpers/notebook-files.js';

const held = (overrides: Partial<Record<ConfigKey, unknown>>) =>
  startTestHub(
    { queueAbandonSeconds: 600, launchesPerMinutePerAddress: 0, ...overrides },
    { spawner: new HeldSpawner() },
  );
const welcome = { notebook: 'welcome.ipynb' };

describe('notebook size and nesting (directory source)', () => {
  const maxBytes = 4096;
  const maxDepth = 12;
  let dir: string;
  let hub: TestHub;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cnh-boundaries-'));
    await writeFiles(dir, {
      'at-size.ipynb': notebookOfBytes(maxBytes).toString(),
      'over-size.ipynb': notebookOfBytes(maxBytes + 1).toString(),
      'at-depth.ipynb': notebookOfDepth(maxDepth).toString(),
      'over-depth.ipynb': notebookOfDepth(maxDepth + 1).toString(),
    });
    hub = await held({
      maxSessions: 10,
      notebooksDir: dir,
      notebookMaxBytes: maxBytes,
      notebookMaxDepth: maxDepth,
    });
  });
  after(async () => {
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test(`${maxBytes} bytes starts; ${maxBytes + 1} bytes is 413 notebook_too_large`, async () => {
    const at = await hub.visitor().launch({ notebook: 'at-size.ipynb' });
    assert.equal(at.status, 201, JSON.stringify(at.json));
    const live = hub.hub.manager.live.byId.size;
    const over = await hub.visitor().launch({ notebook: 'over-size.ipynb' });
    assert.equal(over.status, 413, JSON.stringify(over.json));
    assert.equal(over.json.error, 'notebook_too_large');
    assert.equal(hub.hub.manager.live.byId.size, live, 'no session for a refused notebook');
  });

  test(`${maxDepth} levels start; ${maxDepth + 1} levels are 422 notebook_invalid`, async () => {
    const at = await hub.visitor().launch({ notebook: 'at-depth.ipynb' });
    assert.equal(at.status, 201, JSON.stringify(at.json));
    const live = hub.hub.manager.live.byId.size;
    const over = await hub.visitor().launch({ notebook: 'over-depth.ipynb' });
    assert.equal(over.status, 422, JSON.stringify(over.json));
    assert.equal(over.json.error, 'notebook_invalid');
    assert.match(String(over.json.message), new RegExp(`limit of ${maxDepth} levels`));
    assert.equal(hub.hub.manager.live.byId.size, live);
  });

  test('the preview applies the same caps', async () => {
    const visitor = hub.visitor();
    assert.equal((await visitor.fetch('preview/notebooks/at-size.ipynb')).status, 200);
    assert.equal((await visitor.fetch('preview/notebooks/at-depth.ipynb')).status, 200);
    assert.equal((await visitor.fetch('preview/notebooks/over-size.ipynb')).status, 413);
    assert.equal((await visitor.fetch('preview/notebooks/over-depth.ipynb')).status, 422);
  });
});

describe('queue length: queueMax 3 with max_sessions 1', () => {
  let hub: TestHub;
  before(async () => {
    hub = await held({ maxSessions: 1, queueMax: 3 });
  });
  after(() => hub.close());

  test('the third queued visitor is accepted; the fourth gets 429 hub_full', async () => {
    assert.equal((await hub.visitor().launch(welcome)).status, 201);
    for (const position of [1, 2, 3]) {
      const { status, json } = await hub.visitor().launch(welcome);
      assert.equal(status, 202);
      assert.equal(json.queue_position, position);
    }
    const visitor = hub.visitor();
    const response = await visitor.fetch('api/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(welcome),
    });
    assert.equal(response.status, 429);
    assert.equal(((await response.json()) as { error: string }).error, 'hub_full');
    assert.ok(Number(response.headers.get('retry-after')) > 0);
    assert.equal(hub.hub.manager.live.queue.length, 3);
    assert.equal(hub.hub.manager.live.byId.size, 4);
  });
});

describe('sessions per address: maxSessionsPerAddress 2', () => {
  let hub: TestHub;
  before(async () => {
    hub = await held({ maxSessions: 10, maxSessionsPerAddress: 2 });
  });
  after(() => hub.close());

  test('the second guest session from one address starts; the third is 429 address_limit', async () => {
    assert.equal((await hub.visitor().launch(welcome)).status, 201);
    assert.equal((await hub.visitor().launch(welcome)).status, 201);
    const third = await hub.visitor().launch(welcome);
    assert.equal(third.status, 429);
    assert.equal(third.json.error, 'address_limit');
    assert.equal(hub.hub.manager.live.byId.size, 2);
  });

  test('an ended session frees its place for the address', async () => {
    const [first] = hub.hub.manager.live.byId.keys();
    await hub.hub.manager.end(first!, 'admin');
    assert.equal((await hub.visitor().launch(welcome)).status, 201);
    assert.equal((await hub.visitor().launch(welcome)).status, 429);
  });
});

describe('launch rate: launchesPerMinutePerAddress 4', () => {
  let hub: TestHub;
  before(async () => {
    hub = await held({ maxSessions: 10, launchesPerMinutePerAddress: 4 });
  });
  after(() => hub.close());

  test('the fourth launch in a minute is accepted; the fifth is 429 rate_limited', async () => {
    for (let i = 0; i < 4; i++) {
      const { status, json } = await hub.visitor().launch(welcome);
      assert.equal(status, 201, `launch ${i + 1}: ${JSON.stringify(json)}`);
    }
    const visitor = hub.visitor();
    const response = await visitor.fetch('api/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(welcome),
    });
    assert.equal(response.status, 429);
    assert.equal(((await response.json()) as { error: string }).error, 'rate_limited');
    // One token comes back every 60/4 = 15 s; the answer says so, rounded up.
    const retry = Number(response.headers.get('retry-after'));
    assert.ok(retry >= 1 && retry <= 15, String(retry));
    assert.equal(hub.hub.manager.live.byId.size, 4);
  });
});
