/**
 * A dataset launch's files, materialized from the fake portal (2.10.10 and 2.11.5
 * captures), and the generated starter notebook executed top to bottom by a real
 * Jupyter kernel (`jupyter nbconvert --execute`, the host's Debian Jupyter): the 5 GB
 * resource is skipped before any byte is downloaded and MANIFEST.json says why; every
 * reader shows the right shape; the DataStore's first page comes live from the portal,
 * or from the saved copy when the portal cannot be reached. The German starter (the same
 * cells with German texts) runs top to bottom as well.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { FakeCkan } from '../fakes/ckan-server.js';
import { guest, hubError, materialized, noAbort, datasetTicket } from './ckan-harness.js';
import { assertCityAirOutputs, datasetSource, outputsOf } from './dataset-harness.js';

const run = promisify(execFile);

for (const version of ['2.10.10', '2.11.5'] as const) {
  describe(`CKAN ${version}`, () => {
    let ckan: FakeCkan;
    before(async () => {
      ckan = await FakeCkan.start({ version });
    });
    after(() => ckan.close());

    test('city-air-quality: files, manifest, and the whole starter runs in a real kernel', async () => {
      const source = datasetSource(ckan);
      const nb = await source.resolve({ dataset_id: 'city-air-quality' }, guest, noAbort());
      assert.equal(nb.key, `ckan-dataset:${ckan.world.air.dataset}`);
      assert.equal(nb.fileName, 'city-air-quality-starter.ipynb');
      const ws = await materialized(nb);
      try {
        const manifest = await ws.manifest();
        const large = manifest.files.find((f) => f.resource_id === ckan.world.air.largeFile);
        assert.equal(large?.status, 'skipped');
        assert.equal(large?.reason, 'size');
        assert.match(String(large?.message), /4\.7 GiB is more than/);
        assert.ok(
          ckan.requests.every((r) => !r.url.startsWith('/nonexistent/')),
          'not one byte of the 5 GB resource was asked for',
        );
        const page = manifest.files.find((f) => f.resource_id === ckan.world.air.datastore);
        assert.equal(page?.status, 'fetched');
        assert.deepEqual(
          manifest.files.filter((f) => f.status === 'fetched').map((f) => f.file),
          [
            'measurements.csv',
            'stations.geojson',
            'summary.xlsx',
            'readings-semicolon.csv',
            'measurements-datastore.first-page.json',
            'metadata.json',
          ],
        );
        assert.ok(ckan.requests.every((r) => r.headers.authorization === undefined));
        for (const [env, live] of [
          [ckan.url, true],
          ['http://127.0.0.1:9/', false],
        ] as const) {
          await run(
            '/usr/bin/python3',
            [
              '-m',
              'nbconvert',
              '--to',
              'notebook',
              '--execute',
              '--output',
              'executed.ipynb',
              nb.fileName,
            ],
            { cwd: ws.dir, env: { ...process.env, CKAN_SITE_URL: env }, timeout: 300_000 },
          );
          const out = outputsOf(await readFile(join(ws.dir, 'executed.ipynb'), 'utf8'));
          assertCityAirOutputs(out, live);
          assert.match(out, live ? /\[\{'row_count': 200\}\]/ : /cannot be reached from here/);
        }
      } finally {
        await ws.cleanup();
      }
    });

    test('city-air-quality in German: the same notebook with German texts runs top to bottom', async () => {
      const source = datasetSource(ckan);
      const nb = await source.resolve(
        { dataset_id: 'city-air-quality', lang: 'de' },
        guest,
        noAbort(),
      );
      const text = nb.content.toString('utf8');
      assert.match(text, /## Vorbereitung/);
      assert.match(text, /Textspalten, die nur Datumsangaben/, 'the helpers’ comments too');
      const ws = await materialized(nb);
      try {
        await run(
          '/usr/bin/python3',
          [
            '-m',
            'nbconvert',
            '--to',
            'notebook',
            '--execute',
            '--output',
            'executed.ipynb',
            nb.fileName,
          ],
          { cwd: ws.dir, env: { ...process.env, CKAN_SITE_URL: ckan.url }, timeout: 300_000 },
        );
        assertCityAirOutputs(
          outputsOf(await readFile(join(ws.dir, 'executed.ipynb'), 'utf8')),
          true,
        );
      } finally {
        await ws.cleanup();
      }
    });

    test('private-air: a guest is refused before anything is copied; a member ticket gets the data', async () => {
      const source = datasetSource(ckan);
      const refused = await hubError(
        source.resolve({ dataset_id: 'private-air' }, guest, noAbort()),
      );
      assert.equal(refused.code, 'dataset_forbidden');
      const nb = await source.resolve(
        { dataset_id: 'private-air', ticket: datasetTicket('private-air') },
        guest,
        noAbort(),
      );
      assert.equal(nb.private, true);
      assert.equal(nb.ckanUser, 'alice');
      const ws = await materialized(nb);
      try {
        const manifest = await ws.manifest();
        assert.deepEqual(
          manifest.files.map((f) => [f.name, f.status]),
          [
            ['private-readings.csv', 'fetched'],
            ['private-readings-datastore', 'fetched'],
          ],
        );
        await run(
          '/usr/bin/python3',
          [
            '-m',
            'nbconvert',
            '--to',
            'notebook',
            '--execute',
            '--output',
            'executed.ipynb',
            nb.fileName,
          ],
          { cwd: ws.dir, env: { ...process.env, CKAN_SITE_URL: ckan.url }, timeout: 300_000 },
        );
        const out = outputsOf(await readFile(join(ws.dir, 'executed.ipynb'), 'utf8'));
        assert.match(out, /private-readings\.csv: 12 rows/);
        // Anonymous from the kernel: CKAN refuses, the saved page (fetched with the hub's token) shows.
        assert.match(out, /HTTP Error 403[\s\S]*first page the hub saved at launch: 12 of 12 rows/);
        assert.match(out, /refused SQL search \(HTTP 403\)/);
      } finally {
        await ws.cleanup();
      }
    });
  });
}

test("a dataset's notebooks come along, next to the starter, which links them", async () => {
  const ckan = await FakeCkan.start();
  try {
    const nb = await datasetSource(ckan).resolve(
      { dataset_id: ckan.ids.publicDatasetName },
      guest,
      noAbort(),
    );
    assert.match(nb.content.toString(), /\[[^\]]*\]\(analysis\.ipynb\)/);
    const ws = await materialized(nb);
    try {
      assert.deepEqual(
        JSON.parse((await ws.read('analysis.ipynb')).toString()),
        JSON.parse(
          (
            await readFile(
              new URL(
                '../fakes/ckan-fixtures/ckan-2.10.10/files/download.upload-notebook.body',
                import.meta.url,
              ),
            )
          ).toString(),
        ),
      );
      const manifest = await ws.manifest();
      const notebook = manifest.files.find((f) => f.resource_id === ckan.ids.uploadNotebook);
      assert.deepEqual([notebook?.status, notebook?.file], ['fetched', '../analysis.ipynb']);
      assert.equal((await ws.read('data/temperatures.csv')).length, 102);
    } finally {
      await ws.cleanup();
    }
  } finally {
    await ckan.close();
  }
});
