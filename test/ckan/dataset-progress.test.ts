/**
 * Per-file progress of a dataset launch over the session's server-sent events: the first
 * event that lists files already names every data file (waiting) and the skipped ones
 * with why (the 5 GB archive: too big; the web page: a link), before any byte of them is
 * downloaded; then each file moves to done with its size, and the 5 GB one is never
 * requested from the portal.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FileProgress } from '../../src/sources/file-progress.js';
import { FakeCkan } from '../fakes/ckan-server.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';

interface View {
  state: string;
  stage: string;
  files: FileProgress[] | null;
}

let ckan: FakeCkan;
let hub: TestHub;

before(async () => {
  ckan = await FakeCkan.start({ version: '2.10.10' });
  hub = await startTestHub({ ckanUrl: ckan.url, ckanDataMaxBytes: 10 * 1024 * 1024 });
});
after(async () => {
  await hub?.close();
  await ckan?.close();
});

/** Reads `event: session` views from the stream until `done(view)`; rejects on timeout. */
async function sessionEvents(
  url: string,
  headers: Record<string, string>,
  done: (view: View) => boolean,
  timeoutMs = 120_000,
): Promise<View[]> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  assert.equal(res.status, 200);
  const views: View[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (!block.startsWith('event: session\n')) continue;
      const view = JSON.parse(block.slice(block.indexOf('data: ') + 6)) as View;
      views.push(view);
      if (done(view)) return views; // Leaving the loop cancels the stream.
    }
  }
  return views;
}

test('city-air-quality: each file’s progress arrives over the launch events, skips first', async () => {
  const visitor = hub.visitor();
  const { status, json } = await visitor.launch({ dataset_id: 'city-air-quality' });
  assert.equal(status, 201, JSON.stringify(json));
  const views = await sessionEvents(
    `${hub.url}api/sessions/${String(json.id)}/events`,
    visitor.headers(),
    (v) => v.state === 'ready' || v.state === 'ended',
  );
  const last = views.at(-1)!;
  assert.equal(last.state, 'ready', JSON.stringify(last));
  const withFiles = views.filter((v) => v.files !== null);
  assert.ok(withFiles.length >= 2, 'the files are reported as they change');
  const first = withFiles[0]!.files!;
  const byName = (files: FileProgress[], name: string) => {
    const line = files.find((f) => f.name === name && f.kind !== 'datastore');
    assert.ok(line, `${name} in ${JSON.stringify(files.map((f) => f.name))}`);
    return line;
  };

  // Decided from metadata before any download: the 5 GB file and the web page are skipped.
  const big = byName(first, 'hourly-archive-2026.csv.gz');
  assert.equal(big.state, 'skipped');
  assert.equal(big.reason, 'size');
  assert.equal(big.size, 5_000_000_000);
  assert.match(big.message!, /^Not copied: 4\.7 GiB is more than the 10\.0 MiB left/);
  const page = byName(first, 'Air-quality network (web page)');
  assert.equal(page.state, 'skipped');
  assert.equal(page.reason, 'link');
  assert.equal(byName(first, 'measurements.csv').state, 'waiting');
  assert.equal(byName(first, 'measurements.csv').size, 7367);
  assert.ok(
    first.some((f) => f.kind === 'datastore' && f.name === 'measurements-datastore'),
    'the DataStore table’s first page is a line too',
  );

  // Every data file moved through fetching to done, with its size.
  const final = last.files!;
  for (const name of [
    'measurements.csv',
    'stations.geojson',
    'summary.xlsx',
    'readings-semicolon.csv',
    'metadata.json',
  ]) {
    const line = byName(final, name);
    assert.equal(line.state, 'done', JSON.stringify(line));
    assert.equal(line.bytes, line.size);
    assert.ok(line.bytes > 0);
  }
  const seen = new Set(withFiles.flatMap((v) => v.files!.map((f) => `${f.name}:${f.state}`)));
  assert.ok(seen.has('measurements.csv:fetching') || seen.has('measurements.csv:done'));
  assert.equal(
    final.find((f) => f.kind === 'datastore')?.state,
    'done',
    'the first page was saved',
  );
  assert.equal(byName(final, 'hourly-archive-2026.csv.gz').state, 'skipped');
  assert.ok(
    ckan.requests.every((r) => !r.url.includes('8bb83240')),
    'not a byte of the 5 GB file was asked for',
  );

  // A plain status poll shows the same lines (the launcher may poll instead).
  const polled = (await visitor.session(String(json.id))).json as unknown as View;
  assert.deepEqual(polled.files, final);
});
