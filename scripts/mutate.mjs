#!/usr/bin/env node
// Mutation check: puts known, realistic bugs into a copy of the source one at a time,
// runs the tests that exist to catch each, and reports which were caught. The checkout
// itself is never touched: the working tree (tracked and untracked files, not ignored
// ones) is copied to a temporary folder with node_modules linked in.
//
//   node scripts/mutate.mjs              every mutant
//   node scripts/mutate.mjs slotFor rate only mutants whose name contains one of these
//   node scripts/mutate.mjs --list       the mutants and their tests
//
// Exit status 1 when a mutant was missed or no longer applies. Not part of scripts/test
// (it runs the relevant tests once per mutant, several minutes in all).
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pytest = (file) => ({ python: `ckanext-jupyternotebook/tests/${file}` });

/** Each: the file, the exact text (found exactly once) and its replacement, the tests. */
const mutants = [
  {
    name: 'slotFor: > instead of >= for max_sessions',
    file: 'src/sessions/capacity.ts',
    from: 'held.all >= s.max_sessions',
    to: 'held.all > s.max_sessions',
    tests: ['test/hub/capacity-logged-in', 'test/hub/capacity-queue'],
  },
  {
    name: 'slotFor: > instead of >= for max_guest_sessions',
    file: 'src/sessions/capacity.ts',
    from: 'held.guests >= effectiveGuestCap(s)',
    to: 'held.guests > effectiveGuestCap(s)',
    tests: ['test/hub/capacity-logged-in'],
  },
  {
    name: 'OriginPolicy: startsWith for the public URL',
    file: 'src/http/origin-policy.ts',
    from: 'return origin === this.publicOrigin;',
    to: 'return origin.startsWith(this.publicOrigin);',
    tests: [
      'origin-policy',
      'test/proxy/real-identity',
      'test/hub/isolation',
      'test/hub/admin-api',
    ],
  },
  {
    name: 'OriginPolicy: startsWith for the Host header',
    file: 'src/http/origin-policy.ts',
    from: '(origin === `http://${host}` || origin === `https://${host}`)',
    to: '(origin.startsWith(`http://${host}`) || origin.startsWith(`https://${host}`))',
    tests: [
      'origin-policy',
      'test/proxy/real-identity',
      'test/hub/isolation',
      'test/hub/admin-api',
    ],
  },
  {
    name: 'notebook size cap 1.5x looser',
    file: 'src/sources/validate.ts',
    from: 'if (content.length > limits.maxBytes) {',
    to: 'if (content.length > limits.maxBytes * 1.5) {',
    tests: ['src/sources/validate', 'test/hub/boundaries', 'test/hub/bad-notebooks'],
  },
  {
    name: 'nesting cap one level looser',
    file: 'src/sources/validate.ts',
    from: 'if (depth > limits.maxDepth) {',
    to: 'if (depth > limits.maxDepth + 1) {',
    tests: ['src/sources/validate', 'test/hub/boundaries', 'test/hub/bad-notebooks'],
  },
  {
    name: 'queue length: > instead of >= queueMax',
    file: 'src/sessions/capacity.ts',
    from: 'live.queue.length >= options.queueMax',
    to: 'live.queue.length > options.queueMax',
    tests: ['test/hub/boundaries', 'test/hub/queue-limits'],
  },
  {
    name: 'per-address cap: > instead of >=',
    file: 'src/sessions/capacity.ts',
    from: '>= options.maxSessionsPerAddress',
    to: '> options.maxSessionsPerAddress',
    tests: ['test/hub/boundaries', 'test/hub/queue-limits'],
  },
  {
    name: 'launch rate: one launch too many per minute',
    file: 'src/sessions/rate-limit.ts',
    from: 'if (bucket.tokens < 1) {',
    to: 'if (bucket.tokens < 0) {',
    tests: ['src/sessions/rate-limit', 'test/hub/boundaries', 'test/hub/queue-limits'],
  },
  {
    name: 'data cap: each file may use the whole cap (ignores what is already copied)',
    file: 'src/sources/ckan/data-folder.ts',
    from: 'downloadResource(resource, { ...options, maxBytes: leftBytes })',
    to: 'downloadResource(resource, { ...options, maxBytes: options.maxBytes })',
    tests: ['test/ckan/ckan-boundaries', 'test/ckan/ckan-materialize'],
  },
  {
    name: 'proxy: any signed-in visitor reaches any session',
    file: 'src/proxy/admission.ts',
    from: 'if (visitorId === null || visitorId !== route.ownerVisitorId)',
    to: 'if (visitorId === null)',
    tests: ['test/proxy/access', 'test/proxy/real-identity'],
  },
  {
    name: 'idle timeout enforced at twice its value',
    file: 'src/sessions/culler.ts',
    from: 'if (now - live.lastActivityMs >= limits.idleTimeoutSeconds * 1000) {',
    to: 'if (now - live.lastActivityMs >= limits.idleTimeoutSeconds * 2000) {',
    tests: ['test/hub/expiry'],
  },
  {
    name: "admin settings: the hub's idle-timeout minimum drifts from the plugin's",
    file: 'src/config/schema.ts',
    from: 'parser: int({ min: 5 }),\n    default: 1200,',
    to: 'parser: int({ min: 1 }),\n    default: 1200,',
    tests: [pytest('test_real_hub.py')],
  },
];

const args = process.argv.slice(2);
if (args.includes('--list')) {
  for (const m of mutants) console.log(`${m.name}\n    ${m.file}\n    tests: ${describe(m.tests)}`);
  process.exit(0);
}
const chosen = mutants.filter((m) => args.length === 0 || args.some((a) => m.name.includes(a)));
if (chosen.length === 0) {
  console.error(`no mutant matches ${args.join(' ')}`);
  process.exit(2);
}

const copy = mkdtempSync(join(tmpdir(), 'cnh-mutate-'));
const cleanup = () => rmSync(copy, { recursive: true, force: true });
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});
copyWorkingTree(copy);

const results = [];
try {
  // Unmutated first: a test that fails anyway would count every mutant as caught.
  console.log('== baseline (no mutant)');
  const baseline = runTests(unique(chosen.flatMap((m) => m.tests)));
  if (baseline.length > 0) {
    console.error(`the unmutated copy already fails (${baseline.join(', ')}): fix that first`);
    process.exitCode = 2;
  } else {
    for (const mutant of chosen) results.push(run(mutant));
  }
} finally {
  cleanup();
}
if (process.exitCode === 2) process.exit(2);

console.log('\nmutation check');
for (const r of results) {
  console.log(`  ${r.outcome.padEnd(7)} ${r.name}  (${r.seconds} s; ${r.detail})`);
}
const caught = results.filter((r) => r.outcome === 'caught').length;
console.log(`  ${caught} of ${results.length} caught`);
process.exit(caught === results.length ? 0 : 1);

function run(mutant) {
  const path = join(copy, mutant.file);
  const original = readFileSync(path, 'utf8');
  const at = original.indexOf(mutant.from);
  if (at < 0 || original.indexOf(mutant.from, at + 1) >= 0) {
    return {
      name: mutant.name,
      outcome: 'STALE',
      seconds: 0,
      detail: 'text not found exactly once',
    };
  }
  writeFileSync(path, original.slice(0, at) + mutant.to + original.slice(at + mutant.from.length));
  const started = Date.now();
  console.log(`\n== ${mutant.name}: ${describe(mutant.tests)}`);
  try {
    const failed = runTests(mutant.tests);
    const seconds = Math.round((Date.now() - started) / 1000);
    return failed.length > 0
      ? { name: mutant.name, outcome: 'caught', seconds, detail: `failed: ${failed.join(', ')}` }
      : { name: mutant.name, outcome: 'MISSED', seconds, detail: 'every test passed' };
  } finally {
    writeFileSync(path, original);
  }
}

/** Runs the TypeScript test files (path substrings) and Python test files; what failed. */
function runTests(tests) {
  const failed = [];
  const ts = tests.filter((t) => typeof t === 'string');
  if (ts.length > 0 && !passes(process.execPath, ['scripts/run-tests.mjs', ...ts])) {
    failed.push('TypeScript tests');
  }
  for (const t of tests.filter((t) => typeof t !== 'string')) {
    if (!passes('/usr/bin/python3', ['-m', 'pytest', '-q', '-x', t.python])) failed.push(t.python);
  }
  return failed;
}

function unique(tests) {
  const seen = new Map(tests.map((t) => [typeof t === 'string' ? t : t.python, t]));
  return [...seen.values()];
}

function passes(command, commandArgs) {
  const result = spawnSync(command, commandArgs, {
    cwd: copy,
    encoding: 'utf8',
    env: { ...process.env, HUB_TEST_LOG: 'error' },
    maxBuffer: 256 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  const failing = output.split('\n').filter((l) => /^\s*not ok \d+|^FAILED /.test(l));
  for (const line of failing.slice(0, 8)) console.log(`   ${line.trim()}`);
  return result.status === 0;
}

function copyWorkingTree(to) {
  const listed = spawnSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    try {
      cpSync(join(root, file), join(to, file));
    } catch (error) {
      if (error.code !== 'ENOENT') throw error; // deleted in the working tree
    }
  }
  symlinkSync(join(root, 'node_modules'), join(to, 'node_modules'));
  // Built browser assets (ignored by git) for the pages the tests load.
  if (existsSync(join(root, 'web/dist'))) symlinkSync(join(root, 'web/dist'), join(to, 'web/dist'));
}

function describe(tests) {
  return tests.map((t) => (typeof t === 'string' ? t : t.python)).join(', ');
}
