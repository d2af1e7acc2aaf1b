/**
 * What a visitor's code can do inside a Swarm session, tried through a real kernel
 * (privileges, system paths, the copied files) and what the node's engine holds for
 * the container (limits, capabilities, mounts). One session. Network isolation on the
 * cluster is the node guard's and has tests of its own.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { waitUntilReady } from '../../src/jupyter/wait-until-ready.js';
import type { LaunchProgress, LaunchSpec, StartedServer } from '../../src/spawners/spawner.js';
import { parseSwarmState } from '../../src/spawners/swarm/swarm-state.js';
import { executeCode, tokenEndpoint } from '../helpers/kernel.js';
import { minimalNotebook, writeFiles } from '../helpers/notebook-files.js';
import { testSessionId, testToken } from '../helpers/session-id.js';
import { makeTempDir, type TempDir } from '../helpers/temp-dir.js';
import { makeSwarmHarness, type SwarmHarness } from './swarm-harness.js';

const mib = 1024 * 1024;
const limits = { cpuPercent: 50, memoryBytes: 256 * mib, pidsLimit: 96 };
/** Larger than two upload chunks, and no two chunks alike. */
const big = Buffer.from(Array.from({ length: 9 * mib + 5 }, (_, i) => (i * 7 + (i >> 20)) % 251));

export function swarmHardeningSuite(): void {
  describe('swarm spawner: hardening', () => {
    let harness: SwarmHarness;
    let files: TempDir;
    let spec: LaunchSpec;
    let started: StartedServer;
    const progress: LaunchProgress[] = [];

    const run = (code: string) =>
      executeCode(tokenEndpoint(started.url, spec.baseUrl, spec.token), code, {
        timeoutMs: 60_000,
      });

    before(async () => {
      harness = await makeSwarmHarness();
      files = await makeTempDir('swarm-files');
      await writeFiles(files.path, { 'copied.ipynb': minimalNotebook('print(1)') });
      await mkdir(join(files.path, 'data'));
      await writeFile(join(files.path, 'data', 'big.bin'), big);
      const sessionId = testSessionId('hard');
      spec = {
        sessionId,
        baseUrl: `/user/${sessionId}/`,
        token: testToken(),
        limits,
        env: {},
        filesDir: files.path,
      };
      started = await harness.spawner.start(spec, new AbortController().signal, (p) =>
        progress.push(p),
      );
      const signal = new AbortController().signal;
      await waitUntilReady(started.url, spec.baseUrl, spec.token, { signal, timeoutMs: 60_000 });
    });

    after(async () => {
      if (started) await harness.spawner.stop(started.state);
      await harness?.cleanup();
      await files?.remove();
    });

    test('start reported scheduling, then starting on a named node, in order', () => {
      const stages = progress.map((p) => p.stage);
      assert.equal(stages[0], 'scheduling');
      assert.equal(stages.at(-1), 'starting');
      const order = ['scheduling', 'preparing', 'starting'];
      for (let i = 1; i < stages.length; i++)
        assert.ok(order.indexOf(stages[i]!) >= order.indexOf(stages[i - 1]!), stages.join(','));
      assert.ok(progress.at(-1)!.node, 'the starting stage names the node');
    });

    test('the server runs as uid 1000 with no capabilities and no_new_privs', async () => {
      const code =
        "import os; s = open('/proc/self/status').read(); print(os.getuid(), os.getgid(), [l.split()[1] for l in s.splitlines() if l.split(':')[0] in ('CapEff', 'CapPrm', 'CapBnd', 'NoNewPrivs')])";
      assert.equal(
        (await run(code)).trim(),
        "1000 1000 ['0000000000000000', '0000000000000000', '0000000000000000', '1']",
      );
    });

    test('a setuid binary grants nothing', async () => {
      const code =
        "import subprocess; r = subprocess.run(['su', '-c', 'id -u', 'root'], input=b'', capture_output=True); print(r.returncode != 0)";
      assert.equal((await run(code)).trim(), 'True');
    });

    test('system paths cannot be written; home and /tmp can', async () => {
      const code = [
        'def attempt(path):',
        '    try: open(path, "w").write("x"); return "written"',
        '    except OSError as e: return type(e).__name__',
        'print([attempt(p) for p in ("/usr/evil", "/etc/passwd", "/home/jovyan/ok", "/tmp/ok")])',
      ].join('\n');
      assert.equal(
        (await run(code)).trim(),
        "['PermissionError', 'PermissionError', 'written', 'written']",
      );
    });

    test('the copied files belong to the notebook user, a large one arrives whole', async () => {
      const code = [
        'import os, hashlib',
        "st = os.stat('copied.ipynb')",
        "print(st.st_uid, st.st_gid, hashlib.sha256(open('data/big.bin', 'rb').read()).hexdigest())",
      ].join('\n');
      const digest = createHash('sha256').update(big).digest('hex');
      assert.equal((await run(code)).trim(), `1000 1000 ${digest}`);
    });

    test("a pooled server's hand-out: hidden start-up files are copied and read by new kernels", async () => {
      const sessionId = testSessionId('pool');
      const pooledSpec: LaunchSpec = {
        sessionId,
        baseUrl: `/user/${sessionId}/`,
        token: testToken(),
        limits,
        env: { IPYTHONDIR: '~/.ipython' },
        filesDir: null,
      };
      const pooled = await harness.spawner.start(pooledSpec, new AbortController().signal);
      const more = await makeTempDir('swarm-handout');
      try {
        const signal = new AbortController().signal;
        await waitUntilReady(pooled.url, pooledSpec.baseUrl, pooledSpec.token, {
          signal,
          timeoutMs: 60_000,
        });
        await writeFiles(more.path, {
          '.ipython/profile_default/startup/00-session-env.py':
            "import os\nos.environ.update({'CKAN_DATASET_ID': 'ds-42'})\n",
          'handed.ipynb': minimalNotebook('1'),
        });
        await harness.spawner.addFiles(pooled.state, more.path);
        const endpoint = tokenEndpoint(pooled.url, pooledSpec.baseUrl, pooledSpec.token);
        const out = await executeCode(
          endpoint,
          "import os; print(os.environ.get('CKAN_DATASET_ID'), os.path.exists('handed.ipynb'))",
        );
        assert.equal(out.trim(), 'ds-42 True');
      } finally {
        await more.remove();
        await harness.spawner.stop(pooled.state);
      }
    });

    test("the node's engine holds the limits and the hardening; nothing is mounted from the host", async () => {
      const engine = await harness.nodeEngine(started.state);
      const { serviceName } = parseSwarmState(started.state)!;
      const [listed] = await engine.listContainers({
        filters: { label: [`com.docker.swarm.service.name=${serviceName}`] },
      });
      const info = await engine.getContainer(listed!.Id).inspect();
      const host = info.HostConfig;
      assert.equal(info.Config.User, '1000');
      assert.deepEqual(
        [host.NanoCpus, host.Memory, host.PidsLimit, host.CapDrop, host.Privileged, host.Init],
        [500_000_000, 256 * mib, 96, ['ALL'], false, true],
      );
      const mounts = (host as { Mounts?: { Type: string; Target: string }[] }).Mounts ?? [];
      assert.deepEqual(
        mounts.map((m) => `${m.Type} ${m.Target}`),
        ['tmpfs /tmp'],
      );
      assert.ok(
        info.Mounts.every((m) => (m.Type as string) === 'tmpfs'),
        JSON.stringify(info.Mounts),
      );
      assert.ok(!host.Binds || host.Binds.length === 0, `binds ${JSON.stringify(host.Binds)}`);
      assert.deepEqual(Object.keys(info.NetworkSettings.Networks), [serviceName]);
    });
  });
}
