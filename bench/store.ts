/**
 * The state store's write rate, for docs/scaling.md: the hub's own `SqliteStore` (WAL,
 * synchronous=NORMAL, tokens sealed with AES-256-GCM) in a temporary folder, driven the
 * way the session manager drives it:
 *   - sessions created (one insert each);
 *   - whole session lives: queued → starting → ready → stopping → ended (5 writes);
 *   - activity updates of ready sessions (the culler writes each active one every 10 s);
 *   - `liveSessions()` with 10,000 live rows (what a restarted hub reads to re-adopt).
 * Single process, single thread, as the hub runs it.
 *
 *   node --import tsx bench/store.ts
 * Writes bench/results/store.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionRecord, SessionState } from '../src/sessions/session.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { TokenSeal } from '../src/store/token-seal.js';
import { markdownTable } from './lib/stats.js';

const dir = mkdtempSync(join(tmpdir(), 'cnh-bench-store-'));
const seal = new TokenSeal(randomBytes(32));
const openStore = (name: string) => new SqliteStore(join(dir, `${name}.sqlite`), seal);

function record(id: string, state: SessionState, now: number): SessionRecord {
  return {
    id,
    visitorId: randomBytes(16).toString('hex'),
    ckanUser: null,
    clientAddress: '203.0.113.7',
    state,
    endedReason: state === 'ended' ? 'visitor' : null,
    error: null,
    notebooks: [{ key: 'welcome', title: 'Welcome', file: 'welcome.ipynb' }],
    limits: {
      cpuPercent: 50,
      memoryLimit: '1G',
      pidsLimit: 256,
      idleTimeoutSeconds: 1200,
      maxLifetimeSeconds: 14400,
    },
    createdAt: now,
    startedAt: state === 'queued' ? null : now,
    readyAt: state === 'ready' || state === 'stopping' || state === 'ended' ? now : null,
    endedAt: state === 'ended' ? now : null,
    lastActivityAt: now,
    token: randomBytes(24).toString('base64url'),
    spawner: 'swarm',
    spawnerState: { serviceId: randomBytes(12).toString('hex'), node: 'node-2' },
    target: 'http://10.232.1.17:8888',
  };
}

/** Runs `body` `count` times and returns operations per second. */
function rate(count: number, body: (i: number) => void): number {
  const t0 = performance.now();
  for (let i = 0; i < count; i++) body(i);
  return count / ((performance.now() - t0) / 1000);
}

const n = Number(process.argv[2] ?? 20_000);
const lifeStates: SessionState[] = ['queued', 'starting', 'ready', 'stopping', 'ended'];
const load = loadavg()[0]!.toFixed(1);
const scratch = openStore('scratch');
const created = rate(n, (i) => scratch.saveSession(record(`c${i}`, 'queued', Date.now())));
const lives = rate(n / 5, (i) => {
  for (const s of lifeStates) scratch.saveSession(record(`l${i}`, s, Date.now()));
});
scratch.close();
// 10,000 live (ready) sessions in a store of their own, then activity updates over them.
const store = openStore('live');
for (let i = 0; i < 10_000; i++) store.saveSession(record(`r${i}`, 'ready', Date.now()));
const activity = rate(n, (i) => store.saveSession(record(`r${i % 10_000}`, 'ready', Date.now())));
const t0 = performance.now();
const live = store.liveSessions().length;
const readMs = performance.now() - t0;
store.close();
rmSync(dir, { recursive: true, force: true });

const fmt = (x: number) => Math.round(x).toLocaleString('en');
const out = `### State store (SQLite), ${new Date().toISOString().slice(0, 10)}

${markdownTable(
  ['operation', 'per second'],
  [
    ['session created (1 insert)', fmt(created)],
    ['whole session life (5 writes: queued → … → ended)', fmt(lives)],
    ['activity update of a ready session (1 upsert)', fmt(activity)],
  ],
)}

\`liveSessions()\` with ${fmt(live)} live rows (each parsed and its token unsealed, what a
restarted hub reads to re-adopt): ${readMs.toFixed(0)} ms. One thread, WAL with
synchronous=NORMAL, on this machine's disk; load average ${load} at the start (a shared
machine: the figures move with its load).
`;
writeFileSync('bench/results/store.md', out);
console.log(out);
