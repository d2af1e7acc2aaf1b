/**
 * Launch latency of the Swarm spawner against the single-host Docker spawner, measured
 * side by side in one run (never a timed test). Both hubs run in this process with the
 * same image content, limits and notebook:
 *   - docker: the shared dockerd (/var/run/docker.sock), `ckan-notebook-hub/notebook:latest`;
 *   - swarm: the 3-node test swarm (scripts/swarm/cluster.sh), the same image from its
 *     registry, sessions placed on every node, the hub talking to the manager's socket.
 * For each: cold (pool off) and warm (pool of 2, refilled between launches), from `POST
 * /api/sessions` until the session's `api/status` answers through the hub. The order
 * alternates (docker cold, swarm cold, docker warm, swarm warm) so machine load hits both.
 *
 *   node --import tsx bench/swarm-launch.ts [runs]
 * Writes bench/results/swarm-launch.md.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { ConfigKey } from '../src/config/schema.js';
import { startTestHub } from '../test/helpers/hub.js';
import { swarmCluster } from '../test/swarm/swarm-cluster-env.js';
import { hubLaunches, poolFull } from './lib/hub-launches.js';
import { percentileOf as percentile } from './lib/sequential-latency.js';
import { markdownTable, ms, ratio } from './lib/stats.js';

const runs = Number(process.argv[2] ?? 8);
const cluster = await swarmCluster();
const common = { cpuPercent: 50, memoryLimit: '1G' };
const configs: Record<'docker' | 'swarm', Partial<Record<ConfigKey, unknown>>> = {
  docker: { ...common, spawner: 'docker' },
  swarm: {
    ...common,
    spawner: 'swarm',
    dockerSocket: cluster.managerSocket,
    dockerImage: cluster.notebookImage,
  },
};

type Result = { launch: number[]; teardown: number[] };
const results: Record<string, Result> = {};
const load: number[] = [];
for (const pool of [0, 2]) {
  for (const kind of ['docker', 'swarm'] as const) {
    load.push(loadavg()[0]!);
    const hub = await startTestHub({ ...configs[kind], poolSize: pool });
    try {
      if (pool) await poolFull(hub, pool);
      const settle = pool ? () => poolFull(hub, pool) : async () => undefined;
      results[`${kind}-${pool ? 'warm' : 'cold'}`] = await hubLaunches(hub, runs, settle);
    } finally {
      await hub.close();
    }
  }
}

const p50 = (key: string) => percentile(results[key]!.launch, 50);
const row = (label: string, key: string, base: string) => [
  label,
  ms(p50(key)),
  ms(percentile(results[key]!.launch, 95)),
  ratio(p50(key), p50(base)),
];
const table = markdownTable(
  ['launch until the server answers through the hub', 'p50 ms', 'p95 ms', 'p50 vs Docker'],
  [
    row('Docker spawner, cold', 'docker-cold', 'docker-cold'),
    row('Swarm spawner (3 nodes), cold', 'swarm-cold', 'docker-cold'),
    row('Docker spawner, warm pool', 'docker-warm', 'docker-warm'),
    row('Swarm spawner (3 nodes), warm pool', 'swarm-warm', 'docker-warm'),
  ],
);
const teardown = markdownTable(
  ['session end (server and its resources removed)', 'p50 ms', 'p95 ms', 'p50 vs Docker'],
  [
    ['Docker spawner', 'docker-cold'],
    ['Swarm spawner', 'swarm-cold'],
  ].map(([label, key]) => [
    label!,
    ms(percentile(results[key!]!.teardown, 50)),
    ms(percentile(results[key!]!.teardown, 95)),
    ratio(
      percentile(results[key!]!.teardown, 50),
      percentile(results['docker-cold']!.teardown, 50),
    ),
  ]),
);
const out = `### Launch latency, Swarm vs Docker spawner (${runs} launches each, ${new Date().toISOString().slice(0, 10)})

${table}

${teardown}

Same hub code, limits (50 % of one core, 1 GiB) and notebook; Docker on the shared engine,
Swarm on the 3-node test swarm (three engines in network namespaces on this machine,
images from its registry, already pulled on every node). Load average at the start of
each part: ${load.map((l) => l.toFixed(1)).join(', ')}.
`;
writeFileSync('bench/results/swarm-launch.md', out);
console.log(out);
