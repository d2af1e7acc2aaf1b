/**
 * The warm pool's pre-started kernel, measured side by side in one run (never a timed
 * test), in three variants of the same hub: pooled servers without a kernel (the page
 * starts one, as before), with a kernel and no imports, and with a kernel that
 * pre-imported the default `poolImports` (pandas, matplotlib.pyplot).
 *
 * Time: each launch is a hand-out from a full pool; a client does what the notebook page
 * does (POST api/sessions for the notebook's path, then the kernel's channels, through
 * the hub's proxy) and runs the example's cells. From the launch request: session ready,
 * first output of `6*7`, output of the pandas cell that reads the example CSV.
 * Memory: per pooled server, right after hand-out and before anything ran (the pool's
 * servers as they waited), without the reclaimable page cache: Docker's stats like
 * `docker stats`; on the local spawner the session's memory cgroup, same formula.
 *
 *   node --import tsx bench/pool-kernel.ts docker [launches]
 *   node --import tsx bench/pool-kernel.ts local  [launches]
 * Writes bench/results/pool-kernel-<spawner>.md.
 */
import { readFile } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { instanceIdFor } from '../src/spawners/local/instance-id.js';
import { startTestHub, type TestHub } from '../test/helpers/hub.js';
import { executeCode } from '../test/helpers/kernel.js';
import { percentileOf as percentile } from './lib/sequential-latency.js';
import { markdownTable, ms, ratio } from './lib/stats.js';

const spawner = (process.argv[2] ?? 'docker') as 'local' | 'docker';
const runs = Number(process.argv[3] ?? 5);
const poolSize = 2;
const notebook = 'ocean-temperatures/plot-temperatures.ipynb';
const pandasCell = "import pandas as pd\ndf = pd.read_csv('temperatures.csv')\nlen(df)";

const variants = [
  { name: 'pooled server, no kernel (page starts one)', poolKernel: false, poolImports: 'none' },
  { name: 'pooled kernel, no imports', poolKernel: true, poolImports: 'none' },
  { name: 'pooled kernel + pandas, matplotlib.pyplot', poolKernel: true, poolImports: undefined },
] as const;

async function poolFull(hub: TestHub): Promise<void> {
  const deadline = Date.now() + 300_000;
  while ((hub.hub.manager.pool?.answeringIds().length ?? 0) < poolSize) {
    if (Date.now() > deadline) throw new Error('the pool never filled');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function oneLaunch(hub: TestHub): Promise<{ ready: number; first: number; pandas: number }> {
  await poolFull(hub);
  const visitor = hub.visitor();
  const t0 = performance.now();
  const { json } = await visitor.launch({ notebook });
  const id = String(json.id);
  for (;;) {
    const { json: s } = await visitor.session(id);
    if (s.state === 'ready') break;
    if (s.state === 'ended') throw new Error(`session ended: ${String(s.error)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const ready = performance.now() - t0;
  const page = { url: `${hub.url}user/${id}/`, headers: visitor.headers() };
  const response = await fetch(`${page.url}api/sessions`, {
    method: 'POST',
    headers: { ...page.headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      path: 'plot-temperatures.ipynb',
      type: 'notebook',
      name: '',
      kernel: { name: 'python3' },
    }),
  });
  const kernelId = ((await response.json()) as { kernel: { id: string } }).kernel.id;
  const out = await executeCode(page, '6*7', { kernelId, timeoutMs: 120_000 });
  if (out.trim() !== '42') throw new Error(`6*7 gave ${out}`);
  const first = performance.now() - t0;
  await executeCode(page, pandasCell, { kernelId, timeoutMs: 120_000 });
  const pandas = performance.now() - t0;
  await hub.hub.manager.end(id, 'visitor');
  return { ready, first, pandas };
}

async function memoryOf(hub: TestHub, id: string, dataDir: string): Promise<number | null> {
  if (spawner === 'docker') {
    const state = hub.hub.manager.live.get(id)?.record.spawnerState;
    const usage = state ? await hub.hub.manager.deps.spawner.usage?.(state) : null;
    return usage?.memoryBytes ?? null;
  }
  const dir = join('/sys/fs/cgroup/memory/ckan-notebook-hub', instanceIdFor(dataDir), id);
  const usage = Number(await readFile(join(dir, 'memory.usage_in_bytes'), 'utf8'));
  const stat = await readFile(join(dir, 'memory.stat'), 'utf8');
  const inactive = Number(/^total_inactive_file (\d+)$/m.exec(stat)?.[1] ?? 0);
  return usage - inactive;
}

/** Memory of each pooled server as it waited: hand both out, touch nothing, measure. */
async function pooledMemory(hub: TestHub): Promise<number[]> {
  await poolFull(hub);
  await new Promise((r) => setTimeout(r, 5000)); // let the imports' garbage settle
  const ids: string[] = [];
  for (let i = 0; i < poolSize; i++) {
    const visitor = hub.visitor();
    const { json } = await visitor.launch({ notebook });
    await visitor.waitFor(String(json.id), 'ready', 120_000);
    ids.push(String(json.id));
  }
  const values: number[] = [];
  for (const id of ids) {
    const bytes = await memoryOf(hub, id, hub.dataDir);
    if (bytes !== null) values.push(bytes);
  }
  for (const id of ids) await hub.hub.manager.end(id, 'visitor');
  return values;
}

const results: Array<{
  name: string;
  ready: number[];
  first: number[];
  pandas: number[];
  memory: number[];
}> = [];
for (const variant of variants) {
  const hub = await startTestHub({
    spawner,
    poolSize,
    maxSessions: poolSize + 2,
    poolKernel: variant.poolKernel,
    ...(variant.poolImports ? { poolImports: variant.poolImports } : {}),
  });
  try {
    const timings = { ready: [] as number[], first: [] as number[], pandas: [] as number[] };
    for (let i = 0; i < runs; i++) {
      const t = await oneLaunch(hub);
      timings.ready.push(t.ready);
      timings.first.push(t.first);
      timings.pandas.push(t.pandas);
      console.error(variant.name, i, t);
    }
    const memory = await pooledMemory(hub);
    results.push({ name: variant.name, ...timings, memory });
  } finally {
    await hub.close();
  }
}

const base = results[0]!;
const p50 = (v: number[]) => percentile(v, 50);
const mib = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length / 1024 ** 2 : NaN);
const timeTable = markdownTable(
  [
    'warm pool, from the launch',
    'ready p50 ms',
    'first output (6*7) p50 / p95 ms',
    'pandas cell p50 / p95 ms',
    'first output vs no kernel',
    'pandas cell vs no kernel',
  ],
  results.map((r) => [
    r.name,
    ms(p50(r.ready)),
    `${ms(p50(r.first))} / ${ms(percentile(r.first, 95))}`,
    `${ms(p50(r.pandas))} / ${ms(percentile(r.pandas, 95))}`,
    ratio(p50(r.first), p50(base.first)),
    ratio(p50(r.pandas), p50(base.pandas)),
  ]),
);
const memoryTable = markdownTable(
  ['per pooled server (waiting, before use)', 'memory MiB (mean)', 'vs no kernel'],
  results.map((r) => [
    r.name,
    mib(r.memory).toFixed(0),
    `+${(mib(r.memory) - mib(base.memory)).toFixed(0)} MiB`,
  ]),
);
const out = `### Pooled kernel, ${spawner} spawner (${runs} launches per variant, pool of ${poolSize}, ${new Date().toISOString().slice(0, 10)})\n\n${timeTable}\n\n${memoryTable}\n`;
writeFileSync(`bench/results/pool-kernel-${spawner}.md`, out);
console.log(out);
