/**
 * Time to first result (issue 13), measured in Chromium (never a timed test): a visitor
 * opens the run page of the bundled pandas example and clicks "Run this notebook"; timed
 * from the click to the session, the Notebook 6 UI, the kernel idle, the output of `6*7`
 * and of a cell that imports pandas and reads the example CSV. Per spawner, interleaved
 * in the same run so that machine load hits all three alike:
 *   - baseline: the same server without the hub behind a configurable-http-proxy route
 *     (docker: a bare `docker run` of the same image; local: a plain `python3 -m notebook`);
 *   - hub cold start (pool size 0) and hub from the warm pool (pool size 2, the default).
 * Before every visit the warm hub's pool is full again, so no refill runs during a visit.
 * Also where the time goes (requests through the proxy, static files, kernel start).
 *
 *   npx tsx bench/first-result.ts [--runs N] [--spawner docker|local|both] [--warmup N]
 *                                 [--pool-size N] [--browser-cache fresh|keep]
 * Defaults: 10 runs, both spawners, 1 warm-up round (not counted), pool of 2, and a
 * first-time visitor per visit; `--browser-cache keep` keeps one browser context per
 * series instead, so the visits after the warm-up are returning visitors with a cache.
 * Writes bench/results/first-result-<spawner>[-keep-cache].md and prints it. Cleans up its hubs,
 * containers and processes on any exit, failures and Ctrl-C included.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../test/helpers/browser.js';
import { startTestHub, type TestHub } from '../test/helpers/hub.js';
import { bareNames, sweepBenchContainers, type BareKind } from './lib/bare-notebook.js';
import { startChp } from './lib/chp.js';
import { onCleanup, runCleanups } from './lib/cleanup.js';
import { breakdownTable, timesTable, type Series } from './lib/first-result-report.js';
import { bareVisit, hubVisit, type Visit } from './lib/first-result-run.js';
import { machineState } from './lib/machine-state.js';
import { firstTimeVisitors, returningVisitor } from './lib/visitor-browser.js';
import { waitForPool } from './lib/wait-for-pool.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    spawner: { type: 'string', default: 'both' },
    warmup: { type: 'string', default: '1' },
    'pool-size': { type: 'string', default: '2' },
    'browser-cache': { type: 'string', default: 'fresh' },
  },
});
const runs = Number(values.runs);
const warmup = Number(values.warmup);
const poolSize = Number(values['pool-size']);
if (!(runs >= 1) || !(warmup >= 0) || !(poolSize >= 1))
  throw new Error('--runs ≥ 1, --warmup ≥ 0, --pool-size ≥ 1');
if (!['docker', 'local', 'both'].includes(values.spawner!))
  throw new Error('--spawner is docker, local or both');
if (!['fresh', 'keep'].includes(values['browser-cache']!))
  throw new Error('--browser-cache is fresh (a first-time visitor per visit) or keep');
const keepCache = values['browser-cache'] === 'keep';
const spawners: BareKind[] =
  values.spawner === 'both' ? ['docker', 'local'] : [values.spawner as BareKind];

async function startHub(spawner: BareKind, size: number): Promise<TestHub> {
  const hub = await startTestHub({ spawner, poolSize: size });
  onCleanup(`hub (${spawner}, pool ${size})`, () => hub.close());
  return hub;
}

async function measure(browser: Browser, spawner: BareKind): Promise<string> {
  const before = machineState();
  const chp = await startChp();
  const cold = await startHub(spawner, 0);
  const warm = await startHub(spawner, poolSize);
  const series: Series = { baseline: [], cold: [], warm: [] };
  const visitor = async () => (keepCache ? returningVisitor(browser) : firstTimeVisitors(browser));
  const visitors = { baseline: await visitor(), cold: await visitor(), warm: await visitor() };
  const failures: string[] = [];
  // A failed visit (e.g. a load aborted by another job's network change on this shared
  // machine) is reported, not counted, and the run goes on.
  const visit = async (list: Visit[], i: number, name: string, run: () => Promise<Visit>) => {
    await waitForPool(warm, poolSize);
    const label = `${spawner} ${name} ${i < warmup ? 'warm-up' : `run ${i - warmup + 1}/${runs}`}`;
    try {
      const v = await run();
      console.error(
        `${label}: ui ${v.ui} kernel ${v.kernelIdle} 6*7 ${v.outputs[0]} pandas ${v.outputs[1]} ms`,
      );
      if (i >= warmup) list.push(v);
    } catch (error) {
      console.error(`${label}: ${String(error)}`);
      // The cause and the first failed requests; the full text is on stderr above.
      if (i >= warmup) failures.push(`${name}: ${String(error).slice(0, 400)}…`);
    }
  };
  for (let i = 0; i < warmup + runs; i++) {
    await visit(series.baseline, i, 'baseline', () =>
      bareVisit(visitors.baseline, spawner, i, chp),
    );
    await visit(series.cold, i, 'hub cold', () => hubVisit(visitors.cold, cold));
    await visit(series.warm, i, 'hub warm', () => hubVisit(visitors.warm, warm));
  }
  const counts = `${series.baseline.length}/${series.cold.length}/${series.warm.length}`;
  return [
    `### ${spawner} spawner (${runs} visits each, after ${warmup} warm-up)`,
    '',
    `Visits measured (baseline/cold/warm): ${counts}` +
      (failures.length
        ? `; failed: ${failures.length}:\n\n${failures.map((f) => `- ${f}`).join('\n')}`
        : '.'),
    '',
    `Started ${before}; ended ${machineState()}.`,
    `Baseline: ${bareNames[spawner]}. Hub: defaults (50 % of one core, 1 GiB), warm pool of ${poolSize}. ` +
      (keepCache
        ? 'A returning visitor: one browser context per series, its cache kept across visits.'
        : 'A first-time visitor per visit (fresh browser context: empty cache, no cookie).'),
    '',
    timesTable(series),
    '',
    'Where the time goes:',
    '',
    breakdownTable(series),
    '',
  ].join('\n');
}

try {
  for (const spawner of spawners) {
    const browser = await launchBrowser();
    onCleanup('browser', () => browser.close());
    if (spawner === 'docker') onCleanup('bench containers', sweepBenchContainers);
    const out = await measure(browser, spawner);
    writeFileSync(`bench/results/first-result-${spawner}${keepCache ? '-keep-cache' : ''}.md`, out);
    console.log(out);
    // This spawner's hubs, proxy and browser go before the next spawner is measured.
    await runCleanups();
  }
} finally {
  await runCleanups();
}
