/**
 * The `explore_formats` setting in the dataset planner and the starter generator: only the
 * chosen formats are loaded; a data file of another readable format is not copied and
 * gets the "not copied, fetch it by hand" cell; the DataStore and files without a reader
 * are unaffected; a different choice gives a different starter.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readDatasetMeta } from '../../src/sources/ckan-dataset/dataset-meta.js';
import { planDataset } from '../../src/sources/ckan-dataset/plan-dataset.js';
import { buildStarterNotebook } from '../../src/starter/build-starter-notebook.js';
import { loadableFormat, readerFor } from '../../src/starter/reader-for.js';
import { actionFixture } from '../fakes/ckan-fixtures.js';

const meta = readDatasetMeta(
  structuredClone(
    actionFixture('package_show.city-air-quality.anonymous', '2.10.10').response.result,
  ),
  'http://ckan.test',
);
const plan = (exploreFormats: string[]) =>
  planDataset(meta, {
    formats: ['csv', 'tsv', 'json', 'geojson', 'xlsx', 'xls', 'parquet'],
    exploreFormats,
    maxBytes: 10 * 1024 * 1024,
  });

test('loadable formats have one canonical name; aliases map to it', () => {
  assert.equal(loadableFormat('.CSV'), 'csv');
  assert.equal(loadableFormat('text/csv'), 'csv');
  assert.equal(loadableFormat('tab'), 'tsv');
  assert.equal(loadableFormat('application/geo+json'), 'geojson');
  assert.equal(loadableFormat('docx'), null);
  assert.equal(loadableFormat('constructor'), null, 'no prototype keys');
  assert.equal(readerFor('XLS'), 'excel');
  assert.equal(readerFor('txt'), 'none');
});

test('only the chosen formats are loaded; the others are skipped with how to fetch them', () => {
  const all = plan(['csv', 'tsv', 'xlsx', 'xls', 'json', 'geojson', 'parquet']);
  const some = plan(['csv', 'json']);
  const kinds = (p: ReturnType<typeof plan>) =>
    p.sections.map((s) => [s.name, s.kind === 'skipped' ? `skipped:${s.reason}` : s.kind]);
  assert.deepEqual(kinds(some), [
    ['measurements.csv', 'file'],
    ['stations.geojson', 'skipped:format'],
    ['summary.xlsx', 'skipped:format'],
    ['readings-semicolon.csv', 'file'],
    ['measurements-datastore', 'datastore'],
    ['metadata.json', 'file'],
    ['Air-quality network (web page)', 'skipped:link'],
    ['hourly-archive-2026.csv.gz', 'skipped:size'],
  ]);
  assert.deepEqual(
    some.copies.map((c) => c.file),
    ['measurements.csv', 'readings-semicolon.csv', 'metadata.json'],
    'a format that is not chosen is never downloaded',
  );
  assert.deepEqual(all.copies.length, 5);
  const xlsx = some.sections.find((s) => s.name === 'summary.xlsx')!;
  assert.equal(
    xlsx.kind === 'skipped' && xlsx.message,
    'This hub does not load xlsx files in starter notebooks (the formats it loads: csv, json).',
  );

  const cells = (p: ReturnType<typeof plan>) =>
    (
      JSON.parse(
        buildStarterNotebook({ dataset: meta.starter, sections: p.sections }).toString('utf8'),
      ) as { cells: Array<{ source: string[] }> }
    ).cells.map((c) => c.source.join(''));
  const skippedCell = cells(some).find(
    (c) => c.includes('summary.xlsx') && c.includes('xlsx files'),
  );
  assert.ok(skippedCell, 'a cell says why summary.xlsx is not there');
  assert.match(skippedCell, /urllib\.request\.urlretrieve\(/, 'and how to fetch it by hand');
  assert.ok(cells(all).some((c) => c.includes('read_data(DATA / "summary.xlsx"')));
  assert.ok(!cells(some).some((c) => c.includes('read_data(DATA / "summary.xlsx"')));
  assert.notDeepEqual(cells(some), cells(all), 'another choice, another starter');

  const none = plan([]);
  assert.deepEqual(
    none.sections.filter((s) => s.kind === 'file' || s.kind === 'datastore').map((s) => s.kind),
    ['datastore'],
    'with no format chosen, the DataStore table is still explored',
  );
});
