/** CKAN down or slow → 503 ckan_unavailable; unchanged versions come from the cache. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../src/clock.js';
import { FakeCkan } from '../fakes/ckan-server.js';
import { guest, hubError, noAbort, sourceFor } from './ckan-harness.js';

test('CKAN down → 503 ckan_unavailable with a clear message', async () => {
  const ckan = await FakeCkan.start();
  const source = sourceFor(ckan);
  const id = ckan.ids.uploadNotebook;
  await ckan.close();
  const error = await hubError(source.resolve({ resource_id: id }, guest, noAbort()));
  assert.equal(error.code, 'ckan_unavailable');
  assert.equal(error.status, 503);
  assert.match(error.message, /^The data portal cannot be reached right now\./);
  assert.doesNotMatch(error.message, /127\.0\.0\.1/, 'the internal address stays in the log');
  assert.match((error.cause as Error).message, /connection refused/);
  assert.ok((error.retryAfterSeconds ?? 0) > 0);
});

test('CKAN slower than the fetch timeout → 503 ckan_unavailable', async () => {
  const ckan = await FakeCkan.start();
  try {
    ckan.delayMs = 5000;
    const source = sourceFor(ckan, { fetchTimeoutSeconds: 1 });
    const error = await hubError(
      source.resolve({ resource_id: ckan.ids.uploadNotebook }, guest, noAbort()),
    );
    assert.equal(error.code, 'ckan_unavailable');
    assert.equal(error.details?.reason, 'timeout');
    assert.match((error.cause as Error).message, /did not finish within 1 s/);
  } finally {
    await ckan.close();
  }
});

test('an unchanged version is served from the cache; a new last_modified is fetched again', async () => {
  const ckan = await FakeCkan.start();
  try {
    const source = sourceFor(ckan);
    const id = ckan.ids.uploadNotebook;
    const first = await source.resolve({ resource_id: id }, guest, noAbort());
    const second = await source.resolve({ resource_id: id }, guest, noAbort());
    assert.deepEqual(second.content, first.content);
    assert.equal(ckan.downloadsOf(id).length, 1);
    // CKAN is still asked every time: it decides who may read the resource.
    assert.equal(
      ckan.requests.filter((r) => r.url.startsWith('/api/3/action/resource_show')).length,
      2,
    );

    const v2 = JSON.parse(first.content.toString()) as { cells: unknown[] };
    v2.cells.push({ cell_type: 'markdown', metadata: {}, source: ['version 2'] });
    ckan.updateFile(id, Buffer.from(JSON.stringify(v2)), '2026-12-01T10:00:00.000000');
    const third = await source.resolve({ resource_id: id }, guest, noAbort());
    assert.equal(ckan.downloadsOf(id).length, 2);
    assert.match(third.content.toString(), /version 2/);
    await source.resolve({ resource_id: id }, guest, noAbort());
    assert.equal(ckan.downloadsOf(id).length, 2);
  } finally {
    await ckan.close();
  }
});

test('simultaneous launches of one notebook make one download', async () => {
  const ckan = await FakeCkan.start();
  try {
    const source = sourceFor(ckan);
    const id = ckan.ids.uploadNotebook;
    const all = await Promise.all(
      Array.from({ length: 8 }, () => source.resolve({ resource_id: id }, guest, noAbort())),
    );
    assert.equal(new Set(all.map((n) => n.content.toString())).size, 1);
    assert.equal(ckan.downloadsOf(id).length, 1);
  } finally {
    await ckan.close();
  }
});

test('a linked notebook is re-fetched once its cache time is over', async () => {
  const ckan = await FakeCkan.start();
  try {
    const clock = new FakeClock();
    const source = sourceFor(ckan, {}, { clock, cache: { linkTtlMs: 60_000 } });
    const linked = { resource_id: ckan.ids.linkedNotebook };
    // The fixture's link points at the upload's download URL on the portal.
    const target = () => ckan.downloadsOf(ckan.ids.uploadNotebook).length;
    await source.resolve(linked, guest, noAbort());
    await source.resolve(linked, guest, noAbort());
    assert.equal(target(), 1);
    clock.advance(60_001);
    await source.resolve(linked, guest, noAbort());
    assert.equal(target(), 2);
  } finally {
    await ckan.close();
  }
});
