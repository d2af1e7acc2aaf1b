/**
 * "Explore any dataset", measured (never a timed test): from the warm pool, the time from
 * `POST /api/sessions {"dataset_id"}` until the session's server answers through the hub,
 * for `city-air-quality` (fake portal, 2.10.10 captures) plus one generated CSV resource so
 * that about 10 MB of data is copied; side by side with a notebook launch that copies no
 * data. Then the time the whole starter notebook takes to run (nbconvert in the session's
 * kernel, all sections, the ~10 MB CSV included).
 *
 * On the Docker spawner, a peer measured in the same run first (docker-dataset-baseline.ts):
 * a plain `docker run` of the same image with the same limits plus `docker cp` of the same
 * files (materialized once beforehand), routed through configurable-http-proxy, and the
 * same starter run with `docker exec`; the hub's times are given as ratios against it.
 *
 *   node --import tsx bench/dataset.ts [local|docker] [runs]
 * Writes bench/results/dataset-<spawner>.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeCkan } from '../test/fakes/ckan-server.js';
import { startTestHub, type TestHub } from '../test/helpers/hub.js';
import { executeCode } from '../test/helpers/kernel.js';
import { datasetSource, runStarterInKernel } from '../test/ckan/dataset-harness.js';
import { guest } from '../test/ckan/ckan-harness.js';
import { baselineDockerDataset, type DatasetBaseline } from './lib/docker-dataset-baseline.js';
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
const maxBytes = 50 * 1024 * 1024;
let baseline: DatasetBaseline | null = null;
if (spawner === 'docker') {
  // The same files the hub's session gets, materialized once, owned by the notebook user.
  const nb = await datasetSource(ckan, maxBytes).resolve(
    { dataset_id: 'city-air-quality' },
    guest,
    new AbortController().signal,
  );
  const dir = mkdtempSync(join(tmpdir(), 'cnh-bench-ds-'));
  await nb.materialize(dir, new AbortController().signal);
  execFileSync('chown', ['-R', '1000:1000', dir]);
  baseline = await baselineDockerDataset(dir, nb.fileName, nb.env, runs, 2000);
  rmSync(dir, { recursive: true, force: true });
}
const hub = await startTestHub({
  spawner,
  poolSize: 2,
  ckanUrl: ckan.url,
  ckanDataMaxBytes: maxBytes,
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
const p50 = (xs: number[]) => percentile(xs, 50);
const base = baseline
  ? { launch: p50(baseline.launch), starter: p50(baseline.starter) }
  : { launch: p50(plain), starter: NaN };
const launchPeer = baseline ? 'vs `docker run` + `docker cp` peer' : 'vs plain notebook';
const rows: string[][] = [];
if (baseline)
  rows.push(
    [
      `peer: \`docker run\` + \`docker cp\` of the same files + CHP route → server answers`,
      ms(base.launch),
      ms(percentile(baseline.launch, 95)),
      ratio(base.launch, base.launch),
    ],
    [
      'peer: whole starter notebook run (`docker exec` nbconvert)',
      ms(base.starter),
      ms(percentile(baseline.starter, 95)),
      ratio(base.starter, base.starter),
    ],
  );
rows.push(
  [
    'hub, plain notebook (`welcome.ipynb`, no data): POST → server answers',
    ms(p50(plain)),
    ms(percentile(plain, 95)),
    ratio(p50(plain), base.launch),
  ],
  [
    `hub, dataset (${mb.toFixed(1)} MB in 6 files + a DataStore page): POST → server answers`,
    ms(p50(dataset)),
    ms(percentile(dataset, 95)),
    ratio(p50(dataset), base.launch),
  ],
  [
    'hub, whole starter notebook run (nbconvert in the session)',
    ms(p50(starter)),
    ms(percentile(starter, 95)),
    baseline ? ratio(p50(starter), base.starter) : '—',
  ],
);
const table = markdownTable(['from the warm pool', 'p50 ms', 'p95 ms', `p50 ${launchPeer}`], rows);
const out = `### Explore a dataset, ${spawner} spawner (${runs} runs, ${new Date().toISOString().slice(0, 10)})\n\n${table}\n`;
writeFileSync(`bench/results/dataset-${spawner}.md`, out);
console.log(out);
