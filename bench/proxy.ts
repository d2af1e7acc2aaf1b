/**
 * The hub's proxy against a direct connection and configurable-http-proxy (CHP), in one
 * run on loopback: wrk throughput (1 KiB bodies, 32 connections), sequential HTTP latency
 * on one kept-alive connection, and WebSocket echo round trips. Each server runs in its
 * own process. Prints a markdown table and writes it to bench/results/proxy.md.
 *
 *   node --import tsx bench/proxy.ts        (about a minute; BENCH_SECONDS=10 per wrk run)
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { VISITOR_COOKIE, VisitorCookies } from '../src/identity/visitor-cookie.js';
import {
  freeLoopbackPort,
  startListeningChild,
  startReadyChild,
  type ChildServer,
} from './lib/child-server.js';
import { processCpuMicros } from './lib/process-cpu.js';
import { formatProxyReport, type TargetResult } from './lib/proxy-report.js';
import { httpLatencies, percentileOf, webSocketLatencies } from './lib/sequential-latency.js';
import { runWrk } from './lib/wrk.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SAMPLES = 2_000;
const WARMUP = 300;
const PATH = '/user/bench/api/contents';
const tsx = ['--import', 'tsx'];

const key = randomBytes(32);
const cookies = new VisitorCookies(key, {
  path: '/',
  sameSite: 'lax',
  secure: false,
  maxAgeSeconds: 3600,
});
const visitor = cookies.newVisitorId();
const cookie = `_xsrf=2|bench; ${VISITOR_COOKIE}=${cookies.sign(visitor)}`;

const children: ChildServer[] = [];
try {
  const upstream = await startReadyChild(process.execPath, [...tsx, 'bench/lib/bench-upstream.ts']);
  children.push(upstream);
  const target = `http://127.0.0.1:${upstream.port}`;
  const hub = await startReadyChild(process.execPath, [
    ...tsx,
    'bench/lib/bench-hub-proxy.ts',
    target,
    key.toString('hex'),
    visitor,
  ]);
  children.push(hub);
  const relay = await startReadyChild(process.execPath, [
    ...tsx,
    'bench/lib/tcp-relay.ts',
    String(upstream.port),
  ]);
  children.push(relay);
  const [chpPort, chpApiPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
  const chp = await startListeningChild(
    'node_modules/.bin/configurable-http-proxy',
    [
      '--ip',
      '127.0.0.1',
      '--port',
      String(chpPort),
      '--api-ip',
      '127.0.0.1',
      '--api-port',
      String(chpApiPort),
      '--default-target',
      target,
      '--log-level',
      'warn',
    ],
    chpPort,
    { ...process.env, CONFIGPROXY_AUTH_TOKEN: randomBytes(16).toString('hex') },
  );
  children.push(chp);

  const targets = [
    { name: 'direct', port: upstream.port, pid: upstream.child.pid! },
    { name: 'TCP relay', port: relay.port, pid: relay.child.pid! },
    { name: 'hub proxy', port: hub.port, pid: hub.child.pid! },
    { name: 'configurable-http-proxy', port: chp.port, pid: chp.child.pid! },
  ];
  await checkAuthIsOn(hub.port);

  const results: TargetResult[] = [];
  for (const { name, port, pid } of targets) {
    const headers = { Cookie: cookie, Origin: `http://127.0.0.1:${port}` };
    const http = await httpLatencies(`http://127.0.0.1:${port}${PATH}`, headers, SAMPLES, WARMUP);
    const ws = await webSocketLatencies(
      `ws://127.0.0.1:${port}/user/bench/api/kernels/k/channels`,
      headers,
      SAMPLES,
      WARMUP,
    );
    const url = `http://127.0.0.1:${port}${PATH}`;
    const wrkOptions = { threads: 2, connections: 32, headers: { Cookie: cookie } };
    await runWrk(url, { ...wrkOptions, durationSeconds: 2 });
    const cpuBefore = [processCpuMicros(pid), processCpuMicros(upstream.child.pid!)];
    const load = await runWrk(url, { ...wrkOptions, durationSeconds: SECONDS });
    const cpuAfter = [processCpuMicros(pid), processCpuMicros(upstream.child.pid!)];
    if (load.errors > 0) throw new Error(`${name}: ${load.errors} errors under load`);
    results.push({
      name,
      requestsPerSecond: load.requestsPerSecond,
      proxyCpuUsPerRequest:
        name === 'direct' ? NaN : (cpuAfter[0]! - cpuBefore[0]!) / load.requests,
      upstreamCpuUsPerRequest: (cpuAfter[1]! - cpuBefore[1]!) / load.requests,
      loadP50Ms: load.p50Ms,
      loadP99Ms: load.p99Ms,
      httpP50Ms: percentileOf(http, 50),
      httpP99Ms: percentileOf(http, 99),
      wsP50Ms: percentileOf(ws, 50),
      wsP99Ms: percentileOf(ws, 99),
    });
    console.error(`measured ${name}`);
  }

  const report = formatProxyReport(results, {
    date: new Date().toISOString(),
    node: process.version,
    cores: availableParallelism(),
    wrk: `wrk -t2 -c32 -d${SECONDS}s, 1 KiB body, visitor cookie sent`,
    samples: `${SAMPLES} sequential requests / echoes after ${WARMUP} warm-up`,
  });
  console.log(report);
  writeFileSync('bench/results/proxy.md', report);
} finally {
  for (const child of children.reverse()) await child.stop();
}

/** The hub proxy must be doing its checks: without the cookie the session is not found. */
async function checkAuthIsOn(port: number): Promise<void> {
  const anonymous = await fetch(`http://127.0.0.1:${port}${PATH}`);
  await anonymous.arrayBuffer();
  if (anonymous.status !== 404)
    throw new Error(`hub proxy answered ${anonymous.status} without a cookie`);
}
