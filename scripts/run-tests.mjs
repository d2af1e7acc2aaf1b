#!/usr/bin/env node
// Runs every TypeScript test (src/**/*.test.ts and test/**/*.test.ts) with Node's own
// test runner through tsx. Arguments narrow the run to files whose path contains them.
//
// Files whose path contains `swarm` need the real 3-node swarm of scripts/swarm/cluster.sh:
// they run after the others, alone (one file at a time), with the cluster brought up
// before them. When this run brought it up, it takes it down afterwards — also when a
// test fails or the run is interrupted; a cluster that was already up (someone working
// with it) is left up, and so is any cluster with CNH_SWARM_KEEP=1.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['src', 'test', 'web'];
const filters = process.argv.slice(2);
const files = [];
const walk = (dir) => {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.ts')) files.push(path);
  }
};
roots.forEach(walk);
const selected = files
  .sort()
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
if (selected.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}
const swarmFiles = selected.filter((f) => f.includes('swarm'));
const otherFiles = selected.filter((f) => !f.includes('swarm'));
// CNH_SWARM_CLUSTER_SCRIPT: another script with the same commands (to check this runner).
const cluster =
  process.env.CNH_SWARM_CLUSTER_SCRIPT ??
  join(new URL('.', import.meta.url).pathname, 'swarm', 'cluster.sh');

let current = null;
const runTests = (list, concurrency, env = process.env) =>
  new Promise((resolve) => {
    current = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--test',
        `--test-concurrency=${concurrency}`,
        '--test-timeout=600000',
        ...list,
      ],
      { stdio: 'inherit', env },
    );
    current.on('exit', (code, signal) => {
      current = null;
      resolve(code ?? (signal ? 1 : 0));
    });
  });

const clusterCommand = (args, options = {}) =>
  spawnSync('bash', [cluster, ...args], { encoding: 'utf8', ...options });

let takeDown = false;
const teardown = () => {
  if (!takeDown) return;
  takeDown = false;
  console.error('swarm tests: taking the cluster down');
  clusterCommand(['down'], { stdio: 'inherit' });
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    current?.kill(signal);
    teardown();
    process.exit(1);
  });
}

let status = 0;
if (otherFiles.length > 0) {
  status = await runTests(otherFiles, process.env.TEST_CONCURRENCY ?? '2');
}
if (swarmFiles.length > 0) {
  const wasUp = /swarm active/.test(clusterCommand(['status']).stdout ?? '');
  takeDown = !wasUp && process.env.CNH_SWARM_KEEP !== '1';
  const started = Date.now();
  const up = clusterCommand(['up'], { stdio: ['ignore', 'pipe', 'inherit'] });
  console.error(`swarm tests: cluster up in ${Math.round((Date.now() - started) / 1000)} s`);
  if (up.status !== 0) {
    console.error('swarm tests: scripts/swarm/cluster.sh up failed; the swarm tests did not run');
    status = 1;
  } else {
    const env = { ...process.env };
    for (const match of up.stdout.matchAll(/^export (\w+)="?([^"\n]*)"?$/gm))
      env[match[1]] = match[2];
    const swarmStatus = await runTests(swarmFiles, '1', env);
    status = status || swarmStatus;
  }
  teardown();
}
process.exit(status);
