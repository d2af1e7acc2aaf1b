/**
 * The starter notebook generated for a dataset, from the captured `city-air-quality`
 * metadata: what the plan copies, skips and pages (decided before any download), what
 * the cells say, valid nbformat 4.5 (checked by Jupyter's own nbformat), and the same
 * bytes for the same dataset version, new bytes for a newer one.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { planDataset } from '../../src/sources/ckan-dataset/plan-dataset.js';
import { readDatasetMeta } from '../../src/sources/ckan-dataset/dataset-meta.js';
import { buildStarterNotebook } from '../../src/starter/build-starter-notebook.js';
import { sanitizeMarkdown } from '../../src/starter/sanitize-markdown.js';
import { actionFixture, type CkanVersion } from '../fakes/ckan-fixtures.js';

const site = 'http://ckan.test';
const limits = {
  formats: ['csv', 'tsv', 'json', 'geojson', 'xlsx', 'xls', 'parquet'],
  exploreFormats: ['csv', 'tsv', 'xlsx', 'xls', 'json', 'geojson', 'parquet'],
  maxBytes: 10 * 1024 * 1024,
};
const raw = (version: CkanVersion = '2.10.10') =>
  structuredClone(
    actionFixture('package_show.city-air-quality.anonymous', version).response.result,
  ) as Record<string, unknown>;
const starterFor = (dataset: Record<string, unknown>) => {
  const meta = readDatasetMeta(dataset, site);
  const plan = planDataset(meta, limits);
  return {
    meta,
    plan,
    bytes: buildStarterNotebook({ dataset: meta.starter, sections: plan.sections }),
  };
};
type Nb = {
  cells: Array<{ cell_type: string; source: string[]; id: string }>;
  nbformat: number;
  nbformat_minor: number;
};
const cellsOf = (bytes: Buffer) =>
  (JSON.parse(bytes.toString('utf8')) as Nb).cells.map((c) => c.source.join(''));

for (const version of ['2.10.10', '2.11.5'] as const) {
  test(`CKAN ${version}: the plan copies the data files, pages the DataStore, skips the web page and the 5 GB file by metadata`, () => {
    const { plan } = starterFor(raw(version));
    assert.deepEqual(
      plan.sections.map((s) => [
        s.name,
        s.kind,
        s.kind === 'file' ? `${s.file}:${s.reader}` : s.kind === 'skipped' ? s.reason : '',
      ]),
      [
        ['measurements.csv', 'file', 'measurements.csv:csv'],
        ['stations.geojson', 'file', 'stations.geojson:geojson'],
        ['summary.xlsx', 'file', 'summary.xlsx:excel'],
        ['readings-semicolon.csv', 'file', 'readings-semicolon.csv:csv'],
        ['measurements-datastore', 'datastore', ''],
        ['metadata.json', 'file', 'metadata.json:json'],
        ['Air-quality network (web page)', 'skipped', 'link'],
        ['hourly-archive-2026.csv.gz', 'skipped', 'size'],
      ],
    );
    const big = plan.sections.at(-1)!;
    assert.equal(
      big.kind === 'skipped' && big.message,
      'Not copied: 4.7 GiB is more than the 10.0 MiB left of the 10.0 MiB data limit.',
    );
    assert.deepEqual(
      plan.copies.map((c) => c.file),
      [
        'measurements.csv',
        'stations.geojson',
        'summary.xlsx',
        'readings-semicolon.csv',
        'metadata.json',
      ],
    );
    assert.deepEqual(
      plan.pages.map((p) => p.file),
      ['measurements-datastore.first-page.json'],
    );
  });
}

test('same dataset version, same bytes; a newer metadata_modified, a new notebook', () => {
  const first = starterFor(raw()).bytes;
  assert.deepEqual(starterFor(raw()).bytes, first);
  const newer = raw();
  newer.metadata_modified = '2026-12-03T08:00:00.000000';
  const second = starterFor(newer).bytes;
  assert.notDeepEqual(second, first);
  assert.match(second.toString(), /2026-12-03T08:00:00\.000000/);
});

test("valid nbformat 4.5 by Jupyter's own validator, with unique cell ids", () => {
  const { bytes } = starterFor(raw());
  const nb = JSON.parse(bytes.toString()) as Nb;
  assert.equal(nb.nbformat, 4);
  assert.equal(nb.nbformat_minor, 5);
  assert.equal(new Set(nb.cells.map((c) => c.id)).size, nb.cells.length);
  const out = execFileSync(
    '/usr/bin/python3',
    [
      '-c',
      'import nbformat, sys\nnb = nbformat.reads(sys.stdin.read(), 4)\nnbformat.validate(nb)\nprint(nb.nbformat, nb.nbformat_minor, len(nb.cells))',
    ],
    { input: bytes },
  ).toString();
  assert.equal(out.trim(), `4 5 ${nb.cells.length}`);
});

test('the title cell: title, sanitized description, licence, organization, tags, link back', () => {
  const dataset = raw();
  dataset.notes = `${String(dataset.notes)}\n<script>alert(1)</script> [x](javascript:alert(2))`;
  const [title] = cellsOf(starterFor(dataset).bytes);
  assert.match(title!, /^# City air quality 2026\n/);
  assert.match(title!, /Daily air-quality measurements from five \*\*monitoring stations\*\*/);
  assert.match(
    title!,
    /\[Creative Commons Attribution\]\(http:\/\/www\.opendefinition\.org\/licenses\/cc-by\)/,
  );
  assert.match(title!, /\*\*Organization:\*\* Demo Organization/);
  assert.match(title!, /`NO2`, `PM2\.5`, `air quality`, `environment`/);
  assert.match(title!, /<http:\/\/ckan\.test\/dataset\/city-air-quality>/);
  assert.doesNotMatch(title!, /<script>|javascript:/);
  assert.equal(
    sanitizeMarkdown('<b onclick=x>hi</b> [a](data:text/html,x)'),
    '&lt;b onclick=x>hi&lt;/b> [a](#)',
  );
});

test('sections: a reader per file, the DataStore helper without any token, SQL, skipped resources say how to fetch by hand', () => {
  const text = cellsOf(starterFor(raw()).bytes).join('\n----\n');
  assert.match(text, /read_data\(DATA \/ "measurements\.csv", "csv"\)/);
  assert.match(text, /read_data\(DATA \/ "summary\.xlsx", "excel"\)/);
  assert.match(text, /read_data\(DATA \/ "stations\.geojson", "geojson"\)/);
  assert.match(text, /read_data\(DATA \/ "metadata\.json", "json"\)/);
  assert.match(
    text,
    /first_page\(resource_5, DATA \/ "measurements-datastore\.first-page\.json"\)/,
  );
  assert.match(text, /resource_5 = "9033a2f3-8908-4a44-aed2-247269b6107a"/);
  assert.match(text, /datastore_search_sql/);
  assert.match(text, /CKAN_SITE_URL = os\.environ\.get\("CKAN_SITE_URL", "http:\/\/ckan\.test"\)/);
  assert.doesNotMatch(text, /authorization|api[_-]?key|token/i);
  assert.match(
    text,
    /### Air-quality network \(web page\): not copied[\s\S]*A link to a web page[\s\S]*urlretrieve\("https:\/\/example\.org\/air-quality-network"/,
  );
  assert.match(text, /### hourly-archive-2026\.csv\.gz: not copied[\s\S]*4\.7 GiB is more than/);
  assert.match(text, /\*Source:\* the resource "measurements\.csv" \(CSV\)/);
});
