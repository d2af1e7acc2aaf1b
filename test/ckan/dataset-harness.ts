/**
 * Shared by the dataset-launch tests: a dataset source configured for a fake portal, the
 * outputs of an executed notebook as text, the checks every run of the city-air-quality
 * starter must pass, and the Python that runs a starter inside a session's kernel.
 */
import assert from 'node:assert/strict';
import { configSchema } from '../../src/config/schema.js';
import {
  CkanDatasetSource,
  type CkanDatasetSourceDeps,
} from '../../src/sources/ckan-dataset/ckan-dataset-source.js';
import type { FakeCkan } from '../fakes/ckan-server.js';
import { ticketSecret } from './ckan-harness.js';

export function datasetSource(
  ckan: FakeCkan,
  maxBytes = 10 * 1024 * 1024,
  deps: CkanDatasetSourceDeps = {},
) {
  return new CkanDatasetSource(
    {
      ckanUrl: ckan.url,
      ckanApiToken: ckan.tokens.sysadmin,
      ticketSecret,
      ckanDataFormats: configSchema.ckanDataFormats.default,
      ckanDataMaxBytes: maxBytes,
      fetchTimeoutSeconds: 10,
      notebookMaxBytes: 10 * 1024 * 1024,
      notebookMaxDepth: 100,
      exploreDatasets: configSchema.exploreDatasets.default,
      exploreFormats: configSchema.exploreFormats.default,
    },
    deps,
  );
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

/** Python for a session's kernel: executes `file` with nbconvert, prints the executed notebook. */
export function runStarterInKernel(file: string): string {
  return [
    'import subprocess, sys',
    `r = subprocess.run([sys.executable, "-m", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=600", "--stdout", ${JSON.stringify(file)}], capture_output=True, text=True)`,
    'print(r.stdout if r.returncode == 0 else "FAILED " + r.stderr[-3000:])',
  ].join('\n');
}
