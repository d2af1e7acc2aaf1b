// The npm package as an operator gets it: `npm pack` from a clean copy of the sources
// (prepack builds dist/ and web/dist/), the tarball holds only what runs, it installs
// into an empty prefix, its command prints the help, and the installed hub, started with
// the local spawner on a new, empty data folder, runs a notebook (6*7 = 42).
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Visitor } from '../helpers/hub.js';
import { executeCode } from '../helpers/kernel.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let work: string;
let tarball: string;
let prefix: string;
let hub: ChildProcess | null = null;
const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

before(() => {
  work = mkdtempSync(join(tmpdir(), 'cnh-npm-'));
  // The sandboxed server's uid must traverse to its workspace under the data folder.
  chmodSync(work, 0o711);
  // A clean copy of the sources (tracked and new files, nothing git ignores: no dist/),
  // with the installed dependencies, so prepack must build everything itself.
  const source = join(work, 'source');
  const files = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], root)
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(source, file)), { recursive: true });
    cpSync(join(root, file), join(source, file), { dereference: false });
  }
  symlinkSync(join(root, 'node_modules'), join(source, 'node_modules'));
  // prepack's own output shares stdout with npm's, so find the tarball by its name.
  run('npm', ['pack', '--pack-destination', work, '--loglevel=error'], source);
  const packed = readdirSync(work).filter((f) => f.endsWith('.tgz'));
  assert.equal(packed.length, 1, `one tarball: ${packed.join(', ')}`);
  tarball = join(work, packed[0]!);
});

after(async () => {
  if (hub && hub.exitCode === null) {
    const exited = new Promise((resolve) => hub!.once('exit', resolve));
    hub.kill('SIGTERM');
    await exited;
  }
  rmSync(work, { recursive: true, force: true });
});

test('the tarball holds what runs and nothing else', () => {
  const listed = run('tar', ['-tzf', tarball], work)
    .split('\n')
    .filter(Boolean)
    .map((p) => p.replace(/^package\//, ''));
  for (const needed of [
    'package.json',
    'README.md',
    'LICENSE',
    'bin/ckan-notebook-hub.js',
    'dist/main.js',
    'dist/app.js',
    'web/dist/hub.css',
    'examples/notebooks/welcome.ipynb',
  ]) {
    assert.ok(listed.includes(needed), `${needed} is missing from the tarball`);
  }
  assert.ok(
    listed.some((p) => /^web\/dist\/.+\.js$/.test(p)),
    'the browser bundles are in the tarball',
  );
  const allowed =
    /^(package\.json|README\.md|LICENSE|bin\/|dist\/|web\/dist\/|examples\/notebooks\/)/;
  assert.deepEqual(
    listed.filter((p) => !allowed.test(p)),
    [],
    'nothing but what runs',
  );
  assert.deepEqual(
    listed.filter((p) => /\.test\.|\.map$|\.ts$/.test(p) && !/^web\/dist\/.+\.map$/.test(p)),
    [],
    'no tests, sources or server source maps',
  );
});

test('installed into an empty prefix, the command prints its help', () => {
  prefix = join(work, 'prefix');
  run('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', tarball], work);
  const help = run(join(prefix, 'bin', 'ckan-notebook-hub'), ['--help'], work);
  for (const flag of ['--port', '--data', '--spawner', '--notebooks'])
    assert.ok(help.includes(flag), `${flag} is in --help`);
});

test('the installed hub runs a notebook with the local spawner on a new data folder', async () => {
  assert.ok(prefix, 'installed by the previous test');
  const installed = join(prefix, 'lib', 'node_modules', 'ckan-notebook-hub');
  const cwd = mkdtempSync(join(work, 'cwd-'));
  // Not there yet, two levels deep: the hub creates it with the modes the sandbox needs
  // (only `work`, a parent the hub does not own, was opened to the sandbox user above).
  const dataDir = join(work, 'new', 'data-folder');
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('HUB_') && !k.startsWith('CKAN_')),
  );
  const child = spawn(
    join(prefix, 'bin', 'ckan-notebook-hub'),
    [
      '--spawner',
      'local',
      '--port',
      '0',
      '--pool-size',
      '0',
      '--data',
      dataDir,
      '--notebooks',
      join(installed, 'examples', 'notebooks'),
    ],
    { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  hub = child;
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', () => {
      const match = /listening on (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with ${code}:\n${output}`));
    });
  });
  const visitor = new Visitor(url, new URL(url).origin);
  const { status, json } = await visitor.launch({ notebook: 'welcome.ipynb' });
  assert.ok(status === 201 || status === 202, `${status} ${JSON.stringify(json)}\n${output}`);
  const id = String(json.id);
  await visitor.waitFor(id, 'ready', 90_000);
  const endpoint = { url: `${url}user/${id}/`, headers: visitor.headers() };
  assert.equal((await executeCode(endpoint, '6*7')).trim(), '42');
  assert.equal((await visitor.fetch(`api/sessions/${id}`, { method: 'DELETE' })).status, 200);
});
