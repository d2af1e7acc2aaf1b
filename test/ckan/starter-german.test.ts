/**
 * The starter notebook in German (the translation mechanism of the pages: the visitor's
 * `lang` / Accept-Language): every Markdown cell and every comment of the helpers is
 * German, with none of the English texts left (checked against every English text the
 * generator knows, and the plan's English reasons for skipping); still deterministic per
 * dataset version and language, and cached per language.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planDataset } from '../../src/sources/ckan-dataset/plan-dataset.js';
import { readDatasetMeta } from '../../src/sources/ckan-dataset/dataset-meta.js';
import { buildStarterNotebook } from '../../src/starter/build-starter-notebook.js';
import { starterText } from '../../src/starter/starter-text.js';
import { starterTextDe } from '../../src/starter/starter-text-de.js';
import { actionFixture } from '../fakes/ckan-fixtures.js';
import { FakeCkan } from '../fakes/ckan-server.js';
import { noAbort } from './ckan-harness.js';
import { datasetSource } from './dataset-harness.js';

const meta = readDatasetMeta(
  actionFixture('package_show.city-air-quality.anonymous', '2.10.10').response.result,
  'http://ckan.test',
);
const plan = planDataset(meta, {
  formats: ['csv', 'json', 'geojson', 'xlsx', 'parquet'],
  // XLSX not chosen: its "not loaded" reason is said in German too.
  exploreFormats: ['csv', 'json', 'geojson', 'parquet'],
  maxBytes: 10 * 1024 * 1024,
});
const build = (lang?: string) =>
  buildStarterNotebook({ dataset: meta.starter, sections: plan.sections, lang });
type Cell = { cell_type: string; source: string[] };
const cells = (bytes: Buffer, type: string) =>
  (JSON.parse(bytes.toString('utf8')) as { cells: Cell[] }).cells
    .filter((c) => c.cell_type === type)
    .map((c) => c.source.join(''));

/** Every run of three or more words of the English texts (placeholders cut them apart). */
function englishPhrases(): string[] {
  const hole = '\u0000';
  const texts: string[] = [];
  for (const [key, value] of Object.entries(starterText)) {
    if (key === 'codeComments' || value === null) continue;
    if (typeof value === 'string') texts.push(value);
    else if (typeof value === 'function')
      texts.push((value as (...a: string[]) => string)(hole, hole, hole, hole));
  }
  for (const s of plan.sections) if (s.kind === 'skipped') texts.push(s.message);
  return (
    texts
      // eslint-disable-next-line no-control-regex -- the placeholder is a control character
      .flatMap((t) => t.split(/\u0000|`[^`]*`|\*\*|[*#\n]|https?:\S+/))
      .map((t) => t.trim())
      .filter((t) => t.split(/\s+/).length >= 3)
  );
}

test('the German starter has no English prose in its Markdown, and no English comment in its code', () => {
  const de = build('de');
  const markdown = cells(de, 'markdown').join('\n');
  const phrases = englishPhrases();
  assert.ok(phrases.length >= 20, `the check knows the English texts (${phrases.length})`);
  for (const phrase of phrases) assert.ok(!markdown.includes(phrase), `English left: ${phrase}`);
  assert.match(markdown, /## Vorbereitung/);
  assert.match(markdown, /### hourly-archive-2026\.csv\.gz: nicht kopiert/);
  assert.match(markdown, /Nicht kopiert: 4,7 GiB sind mehr als die 10,0 MiB/);
  assert.match(markdown, /Ein Link auf eine Webseite, keine Datendatei/);
  assert.match(markdown, /Dieser Hub lädt keine xlsx-Dateien in Start-Notebooks/);
  assert.match(markdown, /\*\*Lizenz:\*\*/);
  const code = cells(de, 'code').join('\n');
  for (const english of Object.keys(starterTextDe.codeComments))
    assert.ok(!code.includes(english), `English comment left: ${english}`);
  // Every docstring and comment of the helpers has a German text (none was missed).
  const en = cells(build('en'), 'code').join('\n');
  const docs = [...en.matchAll(/"""([\s\S]*?)"""|^\s*(# .*)$/gm)].map((m) =>
    (m[1] ?? m[2])!.trim(),
  );
  assert.ok(docs.length >= 10);
  for (const doc of docs)
    assert.ok(Object.hasOwn(starterTextDe.codeComments, doc), `no German for: ${doc}`);
});

test('same dataset version and language, same bytes; English is the default and differs from German', () => {
  assert.deepEqual(build('de'), build('de'));
  assert.deepEqual(build(), build('en'));
  assert.deepEqual(build('fr'), build('en'), 'a language without texts gets English');
  assert.notDeepEqual(build('de'), build('en'));
  // Only the texts differ: the same cells in the same order, the code the same bar comments.
  assert.equal(cells(build('de'), 'code').length, cells(build('en'), 'code').length);
});

test('the dataset source caches a starter per language', async () => {
  const ckan = await FakeCkan.start({ version: '2.10.10' });
  try {
    const source = datasetSource(ckan);
    const guest = { kind: 'guest' } as const;
    const de1 = await source.starter('city-air-quality', guest, noAbort(), 'de');
    const en = await source.starter('city-air-quality', guest, noAbort(), 'en');
    const de2 = await source.starter('city-air-quality', guest, noAbort(), 'de');
    assert.equal(de1.content, de2.content, 'the cached buffer itself');
    assert.notDeepEqual(de1.content, en.content);
    const preview = await source.resolveForPreview('city-air-quality', noAbort(), null, 'de');
    assert.match(preview.content.toString('utf8'), /Vorbereitung/);
  } finally {
    await ckan.close();
  }
});
