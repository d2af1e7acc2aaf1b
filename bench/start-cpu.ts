/**
 * CPU while starting: the same spawner, the same image, the same limits (cpu_percent 50),
 * started with and without the start-up boost (startCpuPercent 200, then setCpu back to
 * 50), alternating run by run so both see the same machine load. Measured from the start
 * call: the server answering `api/status` (what the hub waits for), then a kernel started
 * in it running `6*7`, then `import pandas` in that kernel. The boost covers only the
 * first phase for a cold start; the kernel phases show what it is worth for a pooled
 * server that pre-starts its kernel inside the boost window (and what a cold visitor's
 * kernel pays at the limit). Not a test: ratios from one run.
 *
 *   node --import tsx bench/start-cpu.ts docker [runs]
 *   node --import tsx bench/start-cpu.ts local  [runs]
 * Writes bench/results/start-cpu-<spawner>.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { waitUntilReady } from '../src/jupyter/wait-until-ready.js';
import type { Spawner, SpawnerState } from '../src/spawners/spawner.js';
import { executeCode, startKernel, tokenEndpoint } from '../test/helpers/kernel.js';
import { makeDockerHarness } from '../test/spawners/docker-harness.js';
import { makeLocalHarness } from '../test/spawners/local-harness.js';
import { percentileOf as percentile } from './lib/sequential-latency.js';
import { markdownTable, ms, ratio } from './lib/stats.js';

const kind = (process.argv[2] ?? 'docker') as 'docker' | 'local';
const runs = Number(process.argv[3] ?? 8);
const limit = 50;
const boost = 200;

interface Sample {
  ready: number;
  kernel: number;
  pandas: number;
  /** CPU time the server used until it answered, and how long the CFS quota held it back meanwhile. */
  cpuMs: number;
  throttledMs: number;
}

/** The server's cgroup v1 cpu and cpuacct folders (Docker's cgroupfs driver, or the local spawner's groups). */
function cgroupDirs(state: SpawnerState): { cpu: string; cpuacct: string } {
  if (state.kind === 'docker') {
    const id = String(state.containerId);
    return {
      cpu: `/sys/fs/cgroup/cpu/docker/${id}`,
      cpuacct: `/sys/fs/cgroup/cpuacct/docker/${id}`,
    };
  }
  const dirs = state.cgroups as string[];
  const find = (c: string) => dirs.find((d) => d.startsWith(`/sys/fs/cgroup/${c}/`))!;
  return { cpu: find('cpu'), cpuacct: find('cpuacct') };
}

function cpuFigures(state: SpawnerState): { cpuMs: number; throttledMs: number } {
  const { cpu, cpuacct } = cgroupDirs(state);
  const usage = Number(readFileSync(join(cpuacct, 'cpuacct.usage'), 'utf8'));
  const stat = readFileSync(join(cpu, 'cpu.stat'), 'utf8');
  const throttled = Number(/^throttled_time (\d+)$/m.exec(stat)?.[1] ?? NaN);
  return { cpuMs: usage / 1e6, throttledMs: throttled / 1e6 };
}

async function once(spawner: Spawner, boosted: boolean, withKernel: boolean): Promise<Sample> {
  const id = `b${randomBytes(8).toString('hex')}`;
  const baseUrl = `/user/${id}/`;
  const token = randomBytes(24).toString('base64url');
  const t0 = performance.now();
  const started = await spawner.start(
    {
      sessionId: id,
      baseUrl,
      token,
      limits: { cpuPercent: limit, memoryBytes: 1024 ** 3, pidsLimit: 256 },
      env: {},
      filesDir: null,
      ...(boosted ? { startCpuPercent: boost } : {}),
    },
    AbortSignal.timeout(120_000),
  );
  try {
    const signal = AbortSignal.timeout(120_000);
    await waitUntilReady(started.url, baseUrl, token, { signal, timeoutMs: 120_000 });
    const ready = performance.now() - t0;
    const figures = cpuFigures(started.state);
    if (!withKernel) {
      if (boosted) await spawner.setCpu!(started.state, limit);
      return { ready, kernel: NaN, pandas: NaN, ...figures };
    }
    const endpoint = tokenEndpoint(started.url, baseUrl, token);
    const kernelId = await startKernel(endpoint);
    await executeCode(endpoint, '6*7', { kernelId });
    const kernel = performance.now() - t0;
    await executeCode(endpoint, 'import pandas', { kernelId });
    const pandas = performance.now() - t0;
    if (boosted) await spawner.setCpu!(started.state, limit);
    return { ready, kernel, pandas, ...figures };
  } finally {
    await spawner.stop(started.state);
  }
}

async function main(): Promise<void> {
  const harness = kind === 'docker' ? await makeDockerHarness() : await makeLocalHarness();
  const samples = { off: [] as Sample[], on: [] as Sample[] };
  try {
    await once(harness.spawner, false, false); // warm the image and page caches
    for (let i = 0; i < runs; i++) {
      for (const boosted of i % 2 === 0 ? [false, true] : [true, false]) {
        const s = await once(harness.spawner, boosted, true);
        (boosted ? samples.on : samples.off).push(s);
        process.stderr.write(`${boosted ? 'boost' : 'plain'} ${JSON.stringify(s)}\n`);
      }
    }
  } finally {
    await harness.cleanup();
  }
  const rows = (['ready', 'kernel', 'pandas', 'cpuMs', 'throttledMs'] as const).map((key) => {
    const off = samples.off.map((s) => s[key]);
    const on = samples.on.map((s) => s[key]);
    const p50off = percentile(off, 50);
    const p50on = percentile(on, 50);
    return [
      {
        ready: 'server answers',
        kernel: '+ kernel runs 6*7',
        pandas: '+ import pandas',
        cpuMs: 'CPU time used until the server answers',
        throttledMs: 'time held back by the quota until it answers',
      }[key],
      ms(p50off),
      ms(percentile(off, 95)),
      ms(p50on),
      ms(percentile(on, 95)),
      ratio(p50on, p50off),
    ];
  });
  const table = markdownTable(
    [
      'from start (ms)',
      `p50 at ${limit} %`,
      `p95 at ${limit} %`,
      `p50 boosted ${boost} %`,
      `p95 boosted ${boost} %`,
      'boosted / plain (p50)',
    ],
    rows,
  );
  const text = `# CPU while starting: ${kind} (${new Date().toISOString().slice(0, 10)})\n\n${runs} runs each, alternating; cpu_percent ${limit}, startCpuPercent ${boost}.\n\n${table}\n`;
  writeFileSync(`bench/results/start-cpu-${kind}.md`, text);
  process.stdout.write(text);
}

await main();
