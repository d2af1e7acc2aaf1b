// Broken notebooks get a clear 4xx before anything starts: no server, no slot, no queue entry.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
const notebooks = mkdtempSync(join(tmpdir(), 'cnh-bad-notebooks-'));

before(async () => {
  const nb = (extra: object) =>
    JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [], ...extra });
  writeFileSync(join(notebooks, 'not-json.ipynb'), '{"cells": [');
  writeFileSync(
    join(notebooks, 'v3.ipynb'),
    JSON.stringify({ nbformat: 3, nbformat_minor: 0, metadata: {}, worksheets: [] }),
  );
  writeFileSync(join(notebooks, 'huge.ipynb'), nb({ padding: 'x'.repeat(20 * 1024 * 1024) }));
  writeFileSync(
    join(notebooks, 'deep.ipynb'),
    nb({}).replace(/}$/, `,"deep":${'['.repeat(10_000)}${']'.repeat(10_000)}}`),
  );
  mkdirSync(join(notebooks, 'sub'));
  hub = await startTestHub({ notebooksDir: notebooks, maxSessions: 1 });
});
after(() => hub.close());

const cases: Array<[string, number, RegExp]> = [
  ['not-json.ipynb', 422, /not valid JSON/],
  ['v3.ipynb', 422, /nbformat 3/],
  ['huge.ipynb', 413, /limit is 10\.0 MiB/],
  ['deep.ipynb', 422, /nested/],
  ['missing.ipynb', 404, /no notebook/],
  ['../etc/passwd.ipynb', 404, /no notebook/],
  ['sub', 404, /no notebook/],
];

for (const [file, status, message] of cases) {
  test(`${file} → ${status} with a clear message, and nothing starts`, async () => {
    const visitor = hub.visitor();
    const { status: got, json } = await visitor.launch({ notebook: file });
    assert.equal(got, status);
    assert.match(String(json.message), message);
    assert.equal(hub.hub.manager.live.byId.size, 0, 'no session was created');
    const capacity = (await (await visitor.fetch('api/capacity')).json()) as Record<string, number>;
    assert.deepEqual(capacity, {
      max_sessions: 1,
      max_guest_sessions: 1,
      running: 0,
      free: 1,
      free_guests: 1,
      queued: 0,
    });
    assert.deepEqual(await hub.hub.manager.deps.spawner.listOwned(), []);
  });
}

test('a body that is not the expected JSON is a 400, not a crash', async () => {
  const visitor = hub.visitor();
  for (const body of [
    '{',
    '[]',
    '{"notebook": 5}',
    `{"notebook": "${'a'.repeat(400)}"}`,
    '{"other": 1}',
  ]) {
    const response = await visitor.fetch('api/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    assert.equal(response.status, 400, body);
    const json = (await response.json()) as Record<string, unknown>;
    assert.equal(json.error, 'bad_request');
    assert.equal(JSON.stringify(json).includes('at '), false, 'no stack trace');
  }
  const big = await visitor.fetch('api/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ notebook: 'x'.repeat(100_000) }),
  });
  assert.equal(big.status, 413);
});
