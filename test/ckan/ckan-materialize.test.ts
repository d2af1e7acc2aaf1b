/**
 * Materializing a CKAN notebook: the notebook, then the dataset's other resources under
 * data/ with a manifest. Each data file is fetched, skipped (format, size) or failed,
 * and a failing data file never stops the notebook.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { downloadFixture } from '../fakes/ckan-fixtures.js';
import { FakeCkan } from '../fakes/ckan-server.js';
import { startLoopbackServer, type LoopbackServer } from '../fakes/loopback-server.js';
import { guest, materialized, noAbort, sourceFor, type Manifest } from './ckan-harness.js';

let ckan: FakeCkan;
let internal: LoopbackServer;
before(async () => {
  ckan = await FakeCkan.start();
  internal = await startLoopbackServer((_req, res) => res.end('internal'));
});
after(async () => {
  await ckan.close();
  await internal.close();
});

const entry = (m: Manifest, id: string) => m.files.find((f) => f.resource_id === id);

test('the public notebook gets data/temperatures.csv and a manifest of every other resource', async () => {
  const nb = await sourceFor(ckan).resolve(
    { resource_id: ckan.ids.uploadNotebook },
    guest,
    noAbort(),
  );
  const ws = await materialized(nb);
  try {
    assert.deepEqual(await ws.read('analysis.ipynb'), nb.content);
    assert.deepEqual(await ws.read('data/temperatures.csv'), downloadFixture('download.csv').body);
    const manifest = await ws.manifest();
    assert.deepEqual(manifest.dataset, {
      id: ckan.ids.publicDataset,
      name: 'ocean-temperatures',
      title: 'Ocean temperatures',
    });
    assert.deepEqual(manifest.notebook, {
      resource_id: ckan.ids.uploadNotebook,
      file: 'analysis.ipynb',
    });
    assert.deepEqual(entry(manifest, ckan.ids.csv), {
      resource_id: ckan.ids.csv,
      name: 'temperatures.csv',
      format: 'csv',
      status: 'fetched',
      file: 'temperatures.csv',
      bytes: 102,
    });
    for (const id of [ckan.ids.linkedNotebook, ckan.ids.externalLink]) {
      assert.equal(entry(manifest, id)?.status, 'skipped');
      assert.equal(entry(manifest, id)?.reason, 'format');
    }
    assert.equal(manifest.total_bytes, 102);
    assert.equal(manifest.max_bytes, 1024 * 1024);
    assert.match(
      (await ws.read('data/README.txt')).toString(),
      /fetched {2}data\/temperatures\.csv/,
    );
    // The CSV came through the configured base, not the stored (unreachable) site_url.
    assert.equal(ckan.downloadsOf(ckan.ids.csv).length, 1);
  } finally {
    await ws.cleanup();
  }
});

test('files over the cap are skipped (declared or streamed), failures are listed, the notebook still opens', async () => {
  const fresh = await FakeCkan.start();
  try {
    const dataset = fresh.ids.publicDatasetName;
    const big = fresh.addResource(dataset, {
      name: 'big.csv',
      format: 'CSV',
      body: Buffer.alloc(2 * 1024 * 1024, 0x31),
    });
    const undeclared = fresh.addResource(dataset, {
      name: 'undeclared.csv',
      format: 'csv',
      body: Buffer.alloc(1024 * 1024, 0x32),
      size: null,
    });
    const internalLink = fresh.addResource(dataset, {
      name: 'Internal data',
      format: 'json',
      url_type: null,
      url: `http://127.0.0.1:${internal.port}/data.json`,
    });
    const missing = fresh.addResource(dataset, {
      name: 'gone.csv',
      format: 'csv',
      url_type: null,
      url: `${fresh.origin}/no/such/file.csv`,
    });
    const small = fresh.addResource(dataset, {
      name: 'after.csv',
      format: 'csv',
      body: Buffer.from('a,b\n1,2\n'),
    });
    const nb = await sourceFor(fresh).resolve(
      { resource_id: fresh.ids.uploadNotebook },
      guest,
      noAbort(),
    );
    const ws = await materialized(nb);
    try {
      assert.deepEqual(await ws.read('analysis.ipynb'), nb.content);
      const m = await ws.manifest();
      const bigEntry = entry(m, String(big.id));
      assert.equal(bigEntry?.status, 'skipped');
      assert.equal(bigEntry?.reason, 'size');
      assert.match(
        bigEntry?.message ?? '',
        /^Not copied: 2\.0 MiB is more than the .* left of the 1\.0 MiB data limit\.$/,
      );
      assert.equal(
        fresh.downloadsOf(String(big.id)).length,
        0,
        'a declared oversize file is not even fetched',
      );
      const undeclaredEntry = entry(m, String(undeclared.id));
      assert.equal(undeclaredEntry?.status, 'skipped');
      assert.equal(undeclaredEntry?.reason, 'size');
      const internalEntry = entry(m, String(internalLink.id));
      assert.equal(internalEntry?.status, 'failed');
      assert.match(internalEntry?.message ?? '', /127\.0\.0\.1 is a loopback address/);
      assert.equal(internal.requests.length, 0);
      assert.equal(entry(m, String(missing.id))?.status, 'failed');
      assert.match(entry(m, String(missing.id))?.message ?? '', /HTTP 404/);
      assert.equal(entry(m, String(small.id))?.status, 'fetched');
      const files = (await readdir(join(ws.dir, 'data'))).sort();
      assert.deepEqual(files, ['MANIFEST.json', 'README.txt', 'after.csv', 'temperatures.csv']);
      assert.equal(m.total_bytes, 102 + 8);
    } finally {
      await ws.cleanup();
    }
  } finally {
    await fresh.close();
  }
});

test('data file names are safe and unique', async () => {
  const fresh = await FakeCkan.start();
  try {
    const dataset = fresh.ids.publicDatasetName;
    fresh.addResource(dataset, {
      name: 'temperatures.csv',
      format: 'csv',
      body: Buffer.from('second\n'),
    });
    fresh.route('/files/..%2F..%2Fevil.csv', (_req, res) => res.end('evil\n'));
    fresh.addResource(dataset, {
      name: 'Traversal',
      format: 'csv',
      url_type: null,
      url: `${fresh.origin}/files/..%2F..%2Fevil.csv`,
    });
    fresh.addResource(dataset, { name: 'MANIFEST.json', format: 'json', body: Buffer.from('{}') });
    const nb = await sourceFor(fresh).resolve(
      { resource_id: fresh.ids.uploadNotebook },
      guest,
      noAbort(),
    );
    const ws = await materialized(nb);
    try {
      const files = (await readdir(join(ws.dir, 'data'))).sort();
      assert.deepEqual(files, [
        'MANIFEST-2.json',
        'MANIFEST.json',
        'README.txt',
        'evil.csv',
        'temperatures-2.csv',
        'temperatures.csv',
      ]);
      assert.equal((await ws.read('data/temperatures-2.csv')).toString(), 'second\n');
      assert.equal((await ws.read('data/evil.csv')).toString(), 'evil\n');
      assert.deepEqual(await readdir(ws.dir).then((f) => f.sort()), ['analysis.ipynb', 'data']);
    } finally {
      await ws.cleanup();
    }
  } finally {
    await fresh.close();
  }
});
