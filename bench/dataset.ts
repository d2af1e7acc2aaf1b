/**
 * "Explore any dataset", measured (never a timed test): from the warm pool, the time from
 * `POST /api/sessions {"dataset_id"}` until the session's server answers through the hub,
 * for `city-air-quality` (fake portal, 2.10.10 captures) plus one generated CSV resource so
 * that about 10 MB of data is copied; side by side with a notebook launch that copies no
 * data. Then the time the whole starter notebook takes to run (nbconvert in the session's
 * kernel, all sections, the ~10 MB CSV included).
 *
 *   node --import tsx bench/dataset.ts [local|docker] [runs]
 * Writes bench/results/dataset-<spawner>.md.
 */
import { writeFileSync } from 'node:fs';
import { FakeCkan } from '../test/fakes/ckan-server.js';
import { startTestHub, type TestHub } from '../test/helpers/hub.js';
import { executeCode } from '../test/helpers/kernel.js';
import { runStarterInKernel } from '../test/ckan/dataset-harness.js';
import { percentileOf as percentile } from './lib/sequential-latency.js';
import { markdownTable, ms, ratio } from './lib/stats.js';

const spawner = (process.argv[2] ?? 'local') as 'local' | 'docker';
const runs = Number(process.argv[3] ?? 5);
const settleMs = spawner === 'docker' ? 8000 : 5000;

/** ~9.5 MB of daily readings, deterministic. */
function bigCsv(): Buffer {
  const lines = ['date,station,pm25,no2,temperature'];
  for (let i = 0; lines.length < 230_000; i++) {
    const day = new Date(Date.UTC(2000, 0, 1) + Math.floor(i / 5) * 86_400_000);
    lines.push(
      `${day.toISOString().slice(0, 10)},S${i % 5},${(i % 97) / 3 + 5},${i % 80},${(i % 300) / 10 - 5}`,
    );
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

async function untilAnswers(hub: TestHub, body: Record<string, string>) {
  const visitor = hub.visitor();
  const t0 = performance.now();
  const { json } = await visitor.launch(body);
  const id = String(json.id);
  for (;;) {
    const r = await visitor.fetch(`user/${id}/api/status`);
    await r.arrayBuffer();
    if (r.status === 200) break;
    await new Promise((res) => setTimeout(res, 10));
  }
  return { ms: performance.now() - t0, id, visitor };
}

const ckan = await FakeCkan.start({ version: '2.10.10' });
const csv = bigCsv();
ckan.addResource('city-air-quality', {
  name: 'readings-2000-2126.csv',
  format: 'CSV',
  body: csv,
  mimetype: 'text/csv',
});
const hub = await startTestHub({
  spawner,
  poolSize: 2,
  ckanUrl: ckan.url,
  ckanDataMaxBytes: 50 * 1024 * 1024,
});
await new Promise((res) => setTimeout(res, settleMs));
const plain: number[] = [];
const dataset: number[] = [];
const starter: number[] = [];
for (let i = 0; i < runs; i++) {
  const p = await untilAnswers(hub, { notebook: 'welcome.ipynb' });
  plain.push(p.ms);
  await hub.hub.manager.end(p.id, 'visitor');
  await new Promise((res) => setTimeout(res, settleMs));
  const d = await untilAnswers(hub, { dataset_id: 'city-air-quality' });
  dataset.push(d.ms);
  const endpoint = { url: `${hub.url}user/${d.id}/`, headers: d.visitor.headers() };
  const t0 = performance.now();
  const out = await executeCode(endpoint, runStarterInKernel('city-air-quality-starter.ipynb'), {
    timeoutMs: 900_000,
  });
  if (out.startsWith('FAILED')) throw new Error(out.slice(0, 2000));
  starter.push(performance.now() - t0);
  await hub.hub.manager.end(d.id, 'visitor');
  await new Promise((res) => setTimeout(res, settleMs));
}
await hub.close();
await ckan.close();

const mb = (csv.length + 7367 + 1945 + 6064 + 1183 + 674) / 1e6;
const table = markdownTable(
  ['from the warm pool', 'p50 ms', 'p95 ms', 'p50 vs plain notebook'],
  [
    [
      'plain notebook (`welcome.ipynb`, no data): POST → server answers',
      ms(percentile(plain, 50)),
      ms(percentile(plain, 95)),
      ratio(percentile(plain, 50), percentile(plain, 50)),
    ],
    [
      `dataset (${mb.toFixed(1)} MB in 6 files + a DataStore page): POST → server answers`,
      ms(percentile(dataset, 50)),
      ms(percentile(dataset, 95)),
      ratio(percentile(dataset, 50), percentile(plain, 50)),
    ],
    [
      'whole starter notebook run (nbconvert in the session)',
      ms(percentile(starter, 50)),
      ms(percentile(starter, 95)),
      '—',
    ],
  ],
);
const out = `### Explore a dataset, ${spawner} spawner (${runs} runs, ${new Date().toISOString().slice(0, 10)})\n\n${table}\n`;
writeFileSync(`bench/results/dataset-${spawner}.md`, out);
console.log(out);
