/**
 * A dataset launch's files, materialized from the fake portal (2.10.10 and 2.11.5
 * captures), and the generated starter notebook executed top to bottom by a real
 * Jupyter kernel (`jupyter nbconvert --execute`, the host's Debian Jupyter): the 5 GB
 * resource is skipped before any byte is downloaded and MANIFEST.json says why; every
 * reader shows the right shape; the DataStore's first page comes live from the portal,
 * or from the saved copy when the portal cannot be reached.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { CkanDatasetSource } from '../../src/sources/ckan-dataset/ckan-dataset-source.js';
import { configSchema } from '../../src/config/schema.js';
import { FakeCkan } from '../fakes/ckan-server.js';
import { guest, hubError, materialized, noAbort, ticket, ticketSecret } from './ckan-harness.js';

const run = promisify(execFile);

export function datasetSource(ckan: FakeCkan, maxBytes = 10 * 1024 * 1024) {
  return new CkanDatasetSource({
    ckanUrl: ckan.url,
    ckanApiToken: ckan.tokens.sysadmin,
    ticketSecret,
    ckanDataFormats: configSchema.ckanDataFormats.default,
    ckanDataMaxBytes: maxBytes,
    fetchTimeoutSeconds: 10,
    notebookMaxBytes: 10 * 1024 * 1024,
    notebookMaxDepth: 100,
  });
}

/** Text of every output of an executed notebook, cell by cell. */
export function outputsOf(executed: string): string {
  const nb = JSON.parse(executed) as {
    cells: Array<{ outputs?: Array<{ text?: string[]; data?: Record<string, string[]> }> }>;
  };
  return nb.cells
    .flatMap((c) => c.outputs ?? [])
    .map((o) => [...(o.text ?? []), ...(o.data?.['text/plain'] ?? [])].join(''))
    .join('\n');
}

/** The checks every run of the city-air-quality starter must pass, on any spawner. */
export function assertCityAirOutputs(out: string, live: boolean): void {
  assert.match(out, /measurements\.csv: 200 rows x 5 columns/);
  assert.match(out, /summary\.xlsx, sheet 'Monthly means': 10 rows/);
  assert.match(out, /summary\.xlsx, sheet 'Stations': 5 rows/);
  assert.match(out, /stations\.geojson: 5 rows/);
  assert.match(out, /readings-semicolon\.csv: encoding cp1252, separator ';', decimal mark ','/);
  assert.match(out, /readings-semicolon\.csv: 30 rows x 5 columns/);
  assert.match(out, /Königsplatz/);
  assert.match(out, /PM2,5 \(µg\/m³\)/);
  assert.match(out, /metadata\.json: 5 rows/);
  assert.match(out, /measurements-datastore: 100 rows x 6 columns/);
  if (live) assert.match(out, /First page: 100 of 200 rows, live from/);
  else assert.match(out, /first page the hub saved at launch: 100 of 200 rows/);
}

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

    test('private-air: a guest is refused before anything is copied; a member ticket gets the data', async () => {
      const source = datasetSource(ckan);
      const refused = await hubError(
        source.resolve({ dataset_id: 'private-air' }, guest, noAbort()),
      );
      assert.equal(refused.code, 'dataset_forbidden');
      const nb = await source.resolve(
        { dataset_id: 'private-air', ticket: ticket('private-air') },
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
