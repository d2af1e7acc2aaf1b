/**
 * Memory per session on one Docker node, for docs/scaling.md: N session containers from
 * the notebook image, created by the Docker spawner's own spec builder (same command,
 * hardening, 1 GiB limit, 50 % of a core), measured with Docker's stats (usage without
 * the reclaimable page cache, as `docker stats` shows it; and the cgroup's RSS) at three
 * stages:
 *   1. idle server, no kernel;
 *   2. one idle kernel started (`POST api/kernels`, then `1+1` over the kernel WebSocket);
 *   3. that kernel after `import pandas, matplotlib` and one small chart.
 * Everything it creates carries the label `org.ckan-notebook-hub.bench=session-memory` and
 * the name prefix `cnh-benchmem-`, and is removed at the end (also on failure).
 *
 *   node --import tsx bench/session-memory.ts [sessions]
 * Writes bench/results/session-memory.md.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import Docker from 'dockerode';
import { containerSpec } from '../src/spawners/docker/container-spec.js';
import { usageFromStats } from '../src/spawners/docker/container-usage.js';
import { executeCode, startKernel, tokenEndpoint } from '../test/helpers/kernel.js';
import { pollUntilOk } from './lib/poll.js';
import { markdownTable } from './lib/stats.js';

const count = Number(process.argv[2] ?? 8);
const image = process.env.HUB_DOCKER_IMAGE ?? 'ckan-notebook-hub/notebook:latest';
const label = { 'org.ckan-notebook-hub.bench': 'session-memory' };
const prefix = `cnh-benchmem-${process.pid}`;
const docker = new Docker();
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

interface Session {
  readonly container: Docker.Container;
  readonly origin: string;
  readonly baseUrl: string;
  readonly token: string;
  kernelId?: string;
}

const network = await docker.createNetwork({ Name: prefix, Driver: 'bridge', Labels: label });
const sessions: Session[] = [];
try {
  for (let i = 0; i < count; i++) {
    const sessionId = `benchmem${i}`;
    const baseUrl = `/user/${sessionId}/`;
    const token = randomBytes(16).toString('hex');
    const body = containerSpec(
      {
        sessionId,
        baseUrl,
        token,
        limits: { cpuPercent: 50, memoryBytes: GiB, pidsLimit: 256 },
        env: {},
        filesDir: null,
      },
      {
        image,
        network: prefix,
        instanceId: 'benchmem',
        preset: 'notebook6',
        homeDir: '/home/jovyan',
        uid: 1000,
        storageLimit: null,
      },
    );
    const container = await docker.createContainer({
      ...body,
      name: `${prefix}-${i}`,
      Labels: label,
    });
    await container.start();
    const info = await container.inspect();
    const ip = info.NetworkSettings.Networks[prefix]?.IPAddress;
    sessions.push({ container, origin: `http://${ip}:8888`, baseUrl, token });
  }
  await Promise.all(
    sessions.map((s) =>
      pollUntilOk(`${s.origin}${s.baseUrl}api/status`, { authorization: `token ${s.token}` }),
    ),
  );
  const settle = () => new Promise((res) => setTimeout(res, 10_000));
  const rows: string[][] = [];
  async function measure(stage: string): Promise<void> {
    await settle();
    const usage: number[] = [];
    const rss: number[] = [];
    for (const s of sessions) {
      const stats = await s.container.stats({ stream: false });
      usage.push(usageFromStats(stats).memoryBytes ?? NaN);
      const detail = (stats.memory_stats.stats ?? {}) as Record<string, number | undefined>;
      rss.push(detail.total_rss ?? detail.anon ?? NaN);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length / MiB;
    const perSession = mean(usage);
    const fit = Math.floor((totalmem() / MiB - 2048) / perSession);
    rows.push([
      stage,
      mean(usage).toFixed(0),
      `${(Math.min(...usage) / MiB).toFixed(0)}–${(Math.max(...usage) / MiB).toFixed(0)}`,
      mean(rss).toFixed(0),
      String(fit),
    ]);
    console.log(rows.at(-1)!.join(' | '));
  }
  await measure('server, no kernel');
  for (const s of sessions) {
    const endpoint = tokenEndpoint(s.origin, s.baseUrl, s.token);
    s.kernelId = await startKernel(endpoint);
    await executeCode(endpoint, '1+1', { kernelId: s.kernelId, timeoutMs: 120_000 });
  }
  await measure('server + one idle kernel');
  const dataCode = [
    'import numpy as np, pandas as pd, matplotlib',
    "matplotlib.use('agg')",
    'import matplotlib.pyplot as plt',
    "df = pd.DataFrame(np.random.rand(10000, 4), columns=list('abcd'))",
    "df.plot().get_figure().savefig('/tmp/chart.png')",
    'print(len(df))',
  ].join('\n');
  for (const s of sessions) {
    const endpoint = tokenEndpoint(s.origin, s.baseUrl, s.token);
    await executeCode(endpoint, dataCode, { kernelId: s.kernelId, timeoutMs: 300_000 });
  }
  await measure('server + kernel with pandas, matplotlib and one chart');
  const out = `### Memory per session, Docker, ${count} sessions (${new Date().toISOString().slice(0, 10)})

${markdownTable(
  [
    'stage',
    'MiB per session (usage − inactive file)',
    'min–max MiB',
    'RSS MiB',
    `sessions that fit in ${(totalmem() / GiB).toFixed(0)} GiB − 2 GiB`,
  ],
  rows,
)}

Image \`${image}\`, the Docker spawner's container spec (1 GiB limit, 50 % of one core), 10 s
after each stage. "Fit" divides this machine's memory less 2 GiB for the system by the
mean, with no headroom for a session's growth.
`;
  writeFileSync('bench/results/session-memory.md', out);
  console.log(out);
} finally {
  await Promise.all(sessions.map((s) => s.container.remove({ force: true }).catch(() => {})));
  await network.remove().catch(() => {});
}
