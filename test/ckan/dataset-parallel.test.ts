/**
 * A dataset launch fetches its data files in parallel with a bound (four at a time): the
 * fake portal holds every download of eight slow files until four are waiting (or all
 * have arrived), so a serial copier would never reach four, and the progress reports
 * (a file is fetching from right before its request until its body is in) show how many
 * the copier had in flight: an unbounded one would show all eight. Each file is shown fetching, then done.
 */
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { test } from 'node:test';
import type { FileProgress } from '../../src/sources/file-progress.js';
import { FakeCkan } from '../fakes/ckan-server.js';
import { guest, noAbort } from './ckan-harness.js';
import { datasetSource } from './dataset-harness.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('eight slow files: at most four downloads in flight, and four at once', async () => {
  const ckan = await FakeCkan.start({ version: '2.10.10' });
  const dir = await mkdtemp(join(tmpdir(), 'cnh-parallel-'));
  try {
    const total = 8;
    const body = Buffer.from('a,b\n1,2\n'.repeat(100));
    const pending: ServerResponse[] = [];
    let arrived = 0;
    let most = 0;
    const release = () => pending.shift()?.end(body);
    for (let i = 0; i < total; i++) {
      ckan.addResource('city-air-quality', {
        name: `slow-${i}.csv`,
        format: 'CSV',
        url_type: null,
        url: `${ckan.url.replace(/\/$/, '')}/slow/${i}.csv`,
        size: body.length,
      });
      ckan.route(`/slow/${i}.csv`, (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/csv', 'content-length': body.length });
        res.write(body.subarray(0, 10));
        pending.push(res);
        arrived++;
        most = Math.max(most, pending.length);
        if (pending.length >= 4) release();
        if (arrived === total) while (pending.length) release();
      });
    }
    const nb = await datasetSource(ckan).resolve(
      { dataset_id: 'city-air-quality' },
      guest,
      noAbort(),
    );
    const reports: (readonly FileProgress[])[] = [];
    await nb.materialize(dir, noAbort(), (files) => reports.push(files));
    assert.equal(arrived, total);
    // The copier marks a file fetching right before it asks for it, done right after.
    const inFlight = reports.map(
      (r) => r.filter((f) => f.name.startsWith('slow-') && f.state === 'fetching').length,
    );
    assert.equal(Math.max(...inFlight), 4, 'four at a time, never more');
    assert.equal(most, 4, 'the portal saw four waiting at once');
    const last = reports.at(-1)!;
    for (let i = 0; i < total; i++) {
      const line = last.find((f) => f.name === `slow-${i}.csv`);
      assert.equal(line?.state, 'done', JSON.stringify(line));
      assert.equal(line?.bytes, body.length);
    }
    for (let i = 0; i < total; i++)
      assert.ok(
        reports.some((r) => r.some((f) => f.name === `slow-${i}.csv` && f.state === 'fetching')),
        `slow-${i}.csv was shown fetching`,
      );
  } finally {
    await rm(dir, { recursive: true, force: true });
    await ckan.close();
  }
});
