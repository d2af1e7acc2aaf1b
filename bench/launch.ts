/**
 * Launch latency, measured side by side in one run (never a timed test):
 *   - baseline: the bare server start the spawner wraps, polled until `api/status` answers
 *     (local: `/usr/bin/python3 -m notebook`; docker: `docker run` of the same image plus a
 *     configurable-http-proxy route, polled through CHP);
 *   - cold: `POST /api/sessions` on the hub until the session's URL answers through the hub;
 *   - warm (pool on): the same, served from the warm pool.
 * Also teardown time and, for docker, memory per idle session.
 *
 *   node --import tsx bench/launch.ts local   [runs]
 *   node --import tsx bench/launch.ts docker  [runs]
 * Writes bench/results/launch-<spawner>.md.
 */
import { writeFileSync } from 'node:fs';
import { startTestHub } from '../test/helpers/hub.js';
import { hubLaunches } from './lib/hub-launches.js';
import { baselineDocker, baselineLocal } from './lib/launch-baselines.js';
import { percentileOf as percentile } from './lib/sequential-latency.js';
import { markdownTable, ms, ratio } from './lib/stats.js';

const spawner = (process.argv[2] ?? 'local') as 'local' | 'docker';
const runs = Number(process.argv[3] ?? 10);

const sleep = (ms: number) => () => new Promise<void>((res) => setTimeout(res, ms));

const baseline = spawner === 'docker' ? await baselineDocker(runs) : await baselineLocal(runs);
const cold = await startTestHub({ spawner, poolSize: 0 });
const coldResult = await hubLaunches(cold, runs, sleep(200));
await cold.close();
const warm = await startTestHub({ spawner, poolSize: 2 });
await new Promise((res) => setTimeout(res, spawner === 'docker' ? 8000 : 5000));
const warmResult = await hubLaunches(warm, runs, sleep(spawner === 'docker' ? 4000 : 3000));
await warm.close();

// Memory of idle sessions (server, no kernel), as the spawner reports it.
const idle = await startTestHub({ spawner, poolSize: 0 });
const idleIds: string[] = [];
for (let i = 0; i < 3; i++) {
  const visitor = idle.visitor();
  const { json } = await visitor.launch({ notebook: 'welcome.ipynb' });
  await visitor.waitFor(String(json.id), 'ready');
  idleIds.push(String(json.id));
}
await new Promise((res) => setTimeout(res, 5000));
const memory: number[] = [];
for (const id of idleIds) {
  const state = idle.hub.manager.live.get(id)?.record.spawnerState;
  const usage = state ? await idle.hub.manager.deps.spawner.usage?.(state) : null;
  if (usage?.memoryBytes) memory.push(usage.memoryBytes);
}
await idle.close();
const { totalmem } = await import('node:os');
const perSessionMiB = memory.length
  ? memory.reduce((a, b) => a + b, 0) / memory.length / 1024 ** 2
  : NaN;
const fit = Number.isFinite(perSessionMiB)
  ? Math.floor((totalmem() / 1024 ** 2 - 2048) / perSessionMiB)
  : NaN;

const row = (name: string, values: number[], base: number[]) => [
  name,
  ms(percentile(values, 50)),
  ms(percentile(values, 95)),
  ratio(percentile(values, 50), percentile(base, 50)),
];
const table = markdownTable(
  ['launch until the server answers', 'p50 ms', 'p95 ms', 'p50 vs baseline'],
  [
    row(`baseline: ${baseline.name}`, baseline.launch, baseline.launch),
    row('hub, cold start', coldResult.launch, baseline.launch),
    row('hub, from the warm pool', warmResult.launch, baseline.launch),
  ],
);
const teardownTable = markdownTable(
  ['teardown', 'p50 ms', 'p95 ms'],
  [
    ['baseline stop', ms(percentile(baseline.teardown, 50)), ms(percentile(baseline.teardown, 95))],
    [
      'hub session end (server gone, workspace removed)',
      ms(percentile(coldResult.teardown, 50)),
      ms(percentile(coldResult.teardown, 95)),
    ],
  ],
);
const memoryLine = `\nMemory per idle session (server without a kernel, ${memory.length} sessions, as the spawner reports it): ${perSessionMiB.toFixed(0)} MiB; idle sessions that fit in this machine's ${(totalmem() / 1024 ** 3).toFixed(0)} GiB with 2 GiB kept for the system: about ${fit} (before any kernel starts; a kernel adds about 60 MiB).\n`;
const out = `### Launch latency, ${spawner} spawner (${runs} launches each, ${new Date().toISOString().slice(0, 10)})\n\n${table}\n\n${teardownTable}\n${memoryLine}${baseline.extra ?? ''}\n`;
writeFileSync(`bench/results/launch-${spawner}.md`, out);
console.log(out);
