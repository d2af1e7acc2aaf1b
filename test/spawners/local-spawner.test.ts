import assert from 'node:assert/strict';
import { mkdir, stat } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HubError } from '../../src/errors/hub-error.js';
import { LocalSpawner } from '../../src/spawners/local/local-spawner.js';
import { contractLimits, runSpawnerContract } from '../contract/spawner-contract.js';
import { ContractSessions, type Launched } from '../contract/contract-sessions.js';
import { deleteKernel, executeCode, startKernel } from '../helpers/kernel.js';
import { makeTempDir, type TempDir } from '../helpers/temp-dir.js';
import { writeFiles, minimalNotebook } from '../helpers/notebook-files.js';
import { makeLocalHarness, sandboxHostUid, type LocalHarness } from './local-harness.js';

runSpawnerContract('local', makeLocalHarness);

const asRoot = process.getuid?.() === 0;

describe('local spawner', () => {
  let harness: LocalHarness;
  let sessions: ContractSessions;
  let files: TempDir;
  let a: Launched;
  let b: Launched;
  const run = (launched: Launched, code: string) => executeCode(sessions.endpoint(launched), code);
  const workspaceOf = (launched: Launched) => launched.started.state.workspace as string;

  before(async () => {
    harness = await makeLocalHarness();
    sessions = new ContractSessions(harness, contractLimits);
    files = await makeTempDir('local-files');
    await writeFiles(files.path, { 'hello.ipynb': minimalNotebook('print(6 * 7)') });
    [a, b] = await Promise.all([sessions.launch({ filesDir: files.path }), sessions.launch()]);
    await Promise.all([sessions.ready(a), sessions.ready(b)]);
  });

  after(async () => {
    await sessions?.stopAll();
    await harness?.cleanup();
    await files?.remove();
  });

  test('check passes on this machine', async () => {
    await harness.spawner.check();
  });

  test('check names a missing bwrap or Python', async () => {
    for (const [override, pattern] of [
      [{ bwrapPath: '/nonexistent/bwrap' }, /bubblewrap/],
      [{ pythonPath: '/nonexistent/python3' }, /Python/],
    ] as const) {
      const spawner = new LocalSpawner({ ...harness.options, ...override });
      await assert.rejects(
        spawner.check(),
        (e: unknown) =>
          e instanceof HubError && e.code === 'spawner_unavailable' && pattern.test(e.message),
      );
    }
  });

  test('sessions get cgroup limits when the hub runs as root on cgroup v1', (t) => {
    if (!asRoot) return t.skip('not root: cgroups are not writable, sessions run without limits');
    assert.equal(a.started.state.limits, 'cgroup-v1');
  });

  test('the visitor is not root inside, and what the kernel writes belongs to the sandbox uid', async () => {
    const out = await run(
      a,
      "import os, subprocess\nopen('by-kernel.txt', 'w').write('x')\nprint(os.getuid(), subprocess.run(['id', '-u'], capture_output=True, text=True).stdout.strip())",
    );
    const [uid, idU] = out.trim().split(' ');
    assert.notEqual(uid, '0');
    assert.notEqual(idU, '0');
    const owner = (await stat(join(workspaceOf(a), 'by-kernel.txt'))).uid;
    assert.equal(owner, asRoot ? sandboxHostUid : process.getuid?.());
  });

  test('the system is read-only inside; only home, /tmp and /dev/shm are writable', async () => {
    const code = [
      'import os',
      "paths = ['/usr/cnh-x', '/etc/cnh-x', '/cnh-x', '/home/cnh-x', '/dev/cnh-x', '/tmp/cnh-x', '/dev/shm/cnh-x']",
      "for path in paths + [os.path.expanduser('~/cnh-x')]:",
      '    try:',
      "        open(path, 'w').close(); print(path, 'ok')",
      '    except OSError as e:',
      '        print(path, type(e).__name__)',
    ].join('\n');
    const lines = (await run(a, code)).trim().split('\n');
    assert.deepEqual(
      lines.filter((line) => line.endsWith(' ok')),
      ['/tmp/cnh-x ok', '/dev/shm/cnh-x ok', '/home/jovyan/cnh-x ok'],
    );
    assert.equal(lines.length, 8);
  });

  test("a file the kernel writes lands in that session's workspace only", async () => {
    await run(a, "open('only-in-a.txt', 'w').write('a')");
    assert.equal((await stat(join(workspaceOf(a), 'only-in-a.txt'))).isFile(), true);
    await assert.rejects(stat(join(workspaceOf(b), 'only-in-a.txt')), { code: 'ENOENT' });
    assert.equal((await sessions.get(b, 'api/contents/only-in-a.txt')).status, 404);
  });

  test('sessions cannot see each other', async () => {
    await run(b, "open('secret-of-b.txt', 'w').write('b')");
    const code = [
      'import os',
      `print(os.listdir('/home'), os.path.exists(${JSON.stringify(join(workspaceOf(b), 'secret-of-b.txt'))}))`,
      "cmdlines = [open(f'/proc/{p}/cmdline', 'rb').read() for p in os.listdir('/proc') if p.isdigit()]",
      `print(any(${JSON.stringify(b.spec.sessionId)}.encode() in c for c in cmdlines), len(cmdlines) < 20)`,
    ].join('\n');
    assert.equal((await run(a, code)).trim(), "['jovyan'] False\nFalse True");
  });

  test("the server accepts proxied requests that keep the browser's Host and Origin", async () => {
    const proxied = {
      ...sessions.endpoint(a),
      headers: {
        ...sessions.endpoint(a).headers,
        host: 'portal.example.org',
        origin: 'https://portal.example.org',
      },
    };
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const request = httpGet(
        sessions.url(a, 'api/status'),
        { headers: proxied.headers },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      request.on('error', reject);
    });
    assert.equal(status, 200);
    const kernelId = await startKernel(sessions.endpoint(a));
    try {
      assert.equal((await executeCode(proxied, 'print(6 * 7)', { kernelId })).trim(), '42');
    } finally {
      await deleteKernel(sessions.endpoint(a), kernelId);
    }
  });

  test('a process faking the markers inside a sandbox is not adopted', async () => {
    const fake = [
      'import subprocess',
      `argv = ['/usr/bin/bwrap', '-c', 'import time; time.sleep(120)', '--setenv', 'CNH_HUB', ${JSON.stringify(harness.spawner.instanceId)}, '--setenv', 'CNH_SESSION_ID', 'fakesession', '--', '--port=1']`,
      "fake = subprocess.Popen(argv, executable='/usr/bin/python3')",
      'print(fake.pid)',
    ].join('\n');
    const kernelId = await startKernel(sessions.endpoint(a));
    try {
      await executeCode(sessions.endpoint(a), fake, { kernelId });
      const owned = await harness.spawner.listOwned();
      assert.equal(
        owned.some((o) => o.sessionId === 'fakesession'),
        false,
      );
      assert.ok(owned.some((o) => o.sessionId === a.spec.sessionId));
      await executeCode(sessions.endpoint(a), 'fake.kill(); fake.wait()', { kernelId });
    } finally {
      await deleteKernel(sessions.endpoint(a), kernelId);
    }
  });

  test('listOwned reports a leftover workspace as not running, and stop removes it', async () => {
    const sessionId = 'leftover' + Date.now().toString(36);
    await mkdir(join(harness.options.dataDir, 'workspaces', sessionId));
    const leftover = (await harness.spawner.listOwned()).find((o) => o.sessionId === sessionId);
    assert.ok(leftover, 'the leftover workspace is not listed');
    assert.equal(leftover.running, false);
    assert.equal(leftover.url, null);
    await harness.spawner.stop(leftover.state);
    assert.deepEqual(await harness.leftovers!(sessionId), []);
  });
});
