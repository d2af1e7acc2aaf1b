/**
 * What a visitor's code can do inside a Docker session, tried through a real kernel:
 * privileges, system paths, limits (memory, pids, CPU), the network (host, metadata,
 * other sessions) and what happens when a container vanishes. Two sessions at most.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { waitUntilReady } from '../../src/jupyter/wait-until-ready.js';
import type { LaunchSpec, ServerStatus, StartedServer } from '../../src/spawners/spawner.js';
import { executeCode, tokenEndpoint } from '../helpers/kernel.js';
import { minimalNotebook, writeFiles } from '../helpers/notebook-files.js';
import { testSessionId, testToken } from '../helpers/session-id.js';
import { makeTempDir, type TempDir } from '../helpers/temp-dir.js';
import { makeDockerHarness, testImage, type DockerHarness } from './docker-harness.js';

const mib = 1024 * 1024;
const limits = { cpuPercent: 50, memoryBytes: 256 * mib, pidsLimit: 96 };

interface Session {
  readonly spec: LaunchSpec;
  readonly started: StartedServer;
}

/** Python that tries a TCP connection and prints `connected` or the error's name. */
const connectCode = (host: string, port: number) =>
  [
    'import socket',
    's = socket.socket(); s.settimeout(5)',
    `try: s.connect((${JSON.stringify(host)}, ${port})); print('connected')`,
    'except OSError as e: print(type(e).__name__)',
    'finally: s.close()',
  ].join('\n');

/** The host's own IPv4 addresses besides loopback and Docker bridges (the LAN address a hub may listen on). */
function hostAddresses(): string[] {
  return Object.entries(networkInterfaces())
    .filter(([name]) => !/^(lo|docker|br-|veth|cnh-)/.test(name))
    .flatMap(([, addresses]) => addresses ?? [])
    .filter((address) => address.family === 'IPv4' && !address.internal)
    .map((address) => address.address);
}

export function dockerHardeningSuite(): void {
  describe('docker spawner: hardening and isolation', () => {
    let harness: DockerHarness;
    let files: TempDir;
    let a: Session;
    let b: Session;
    let hostListener: Server;

    const run = (session: Session, code: string, timeoutMs = 60_000) =>
      executeCode(
        tokenEndpoint(session.started.url, session.spec.baseUrl, session.spec.token),
        code,
        { timeoutMs },
      );

    async function launch(filesDir: string | null): Promise<Session> {
      const sessionId = testSessionId('hard');
      const spec: LaunchSpec = {
        sessionId,
        baseUrl: `/user/${sessionId}/`,
        token: testToken(),
        limits,
        env: {},
        filesDir,
      };
      const started = await harness.spawner.start(spec, new AbortController().signal);
      const signal = new AbortController().signal;
      await waitUntilReady(started.url, spec.baseUrl, spec.token, { signal, timeoutMs: 60_000 });
      return { spec, started };
    }

    async function pollUntilStopped(session: Session): Promise<ServerStatus> {
      for (let i = 0; i < 300; i++) {
        const status = await harness.spawner.poll(session.started.state);
        if (!status.running) return status;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return harness.spawner.poll(session.started.state);
    }

    before(async () => {
      harness = await makeDockerHarness();
      files = await makeTempDir('docker-files');
      await writeFiles(files.path, { 'copied.ipynb': minimalNotebook('print(1)') });
      a = await launch(files.path);
      b = await launch(null);
      hostListener = createServer((socket) => {
        // A session that got through fails the test by its assertion, not by a crash.
        socket.on('error', () => undefined);
        socket.end('hub\n');
      });
      await new Promise<void>((resolve) => hostListener.listen(0, '0.0.0.0', resolve));
    });

    after(async () => {
      hostListener?.close();
      await harness?.cleanup();
      await files?.remove();
    });

    test('the server runs as uid 1000 with no capabilities and no_new_privs', async () => {
      const code =
        "import os; s = open('/proc/self/status').read(); print(os.getuid(), os.getgid(), [l.split()[1] for l in s.splitlines() if l.split(':')[0] in ('CapEff', 'CapPrm', 'NoNewPrivs')])";
      assert.equal(
        (await run(a, code)).trim(),
        "1000 1000 ['0000000000000000', '0000000000000000', '1']",
      );
    });

    test('system paths cannot be written; home and /tmp can', async () => {
      const code = [
        'def attempt(path):',
        '    try: open(path, "w").write("x"); return "written"',
        '    except OSError as e: return type(e).__name__',
        'print([attempt(p) for p in ("/usr/evil", "/etc/evil", "/etc/passwd", "/usr/bin/python3", "/home/jovyan/ok", "/tmp/ok")])',
      ].join('\n');
      const out = (await run(a, code)).trim();
      assert.equal(
        out,
        "['PermissionError', 'PermissionError', 'PermissionError', 'PermissionError', 'written', 'written']",
      );
    });

    test('the copied notebook belongs to the notebook user and can be saved', async () => {
      assert.equal(
        (
          await run(a, "import os; st = os.stat('copied.ipynb'); print(st.st_uid, st.st_gid)")
        ).trim(),
        '1000 1000',
      );
      const url = new URL('api/contents/copied.ipynb', new URL(a.spec.baseUrl, a.started.url));
      const headers = {
        authorization: `token ${a.spec.token}`,
        'content-type': 'application/json',
      };
      const body = JSON.stringify({
        type: 'notebook',
        format: 'json',
        content: minimalNotebook('print(2)'),
      });
      const response = await fetch(url, { method: 'PUT', headers, body });
      await response.body?.cancel();
      assert.equal(response.status, 200);
    });

    test('no Docker socket, no IPv6 address, and inspect shows the limits and the hardening', async () => {
      const code =
        "import os; print(os.path.exists('/var/run/docker.sock'), os.path.exists('/run/docker.sock'), open('/proc/net/if_inet6').read().strip() == '')";
      assert.equal((await run(a, code)).trim(), 'False False True');
      const info = await harness.container(a.started.state).inspect();
      const host = info.HostConfig;
      assert.equal(info.Config.Image, testImage);
      assert.equal(info.Config.User, '1000');
      assert.deepEqual(
        [host.CpuPeriod, host.CpuQuota, host.Memory, host.MemorySwap, host.PidsLimit],
        [100000, 50000, 256 * mib, 256 * mib, 96],
      );
      assert.deepEqual(
        [host.CapDrop, host.SecurityOpt, host.Privileged, host.Init],
        [['ALL'], ['no-new-privileges:true'], false, true],
      );
      assert.ok(!host.Binds || host.Binds.length === 0, `binds ${JSON.stringify(host.Binds)}`);
      assert.deepEqual(info.Mounts, []);
      assert.deepEqual(Object.keys(info.NetworkSettings.Networks), [harness.network]);
    });

    test('CPU is held at the quota', async (t) => {
      // A busy loop may use at most 50% of one core over 3 s (30 periods; one period of
      // slack at the edges). A loaded machine can only lower the share, never raise it,
      // so this cannot fail from slowness; without the quota an idle machine gives ~100%.
      const code = [
        'import time',
        "cg = '/sys/fs/cgroup/cpu/'",
        "def throttled(): return int(dict(l.split() for l in open(cg + 'cpu.stat'))['nr_throttled'])",
        "def used_ns(): return int(open('/sys/fs/cgroup/cpuacct/cpuacct.usage').read())",
        'throttles, used, start = throttled(), used_ns(), time.monotonic()',
        'while time.monotonic() - start < 3: pass',
        'share = (used_ns() - used) / 1e9 / (time.monotonic() - start)',
        "quota = open(cg + 'cpu.cfs_quota_us').read().strip() + '/' + open(cg + 'cpu.cfs_period_us').read().strip()",
        'print(quota, round(share, 3), throttled() - throttles)',
      ].join('\n');
      const [quota, share, throttles] = (await run(a, code)).trim().split(' ');
      assert.equal(quota, '50000/100000');
      assert.ok(Number(share) <= 0.55, `the session used ${share} of a core`);
      t.diagnostic(`share ${share} of a core, throttled ${throttles} times`);
    });

    test('from a session, the host, cloud metadata and another session are unreachable', async () => {
      const info = await harness.container(a.started.state).inspect();
      const gateway = info.NetworkSettings.Networks[harness.network]!.Gateway;
      const port = (hostListener.address() as { port: number }).port;
      const otherIp = new URL(b.started.url).hostname;
      // Controls: the listener answers on the host, and the host reaches the other session.
      assert.equal(
        (
          await fetch(new URL(b.spec.baseUrl + 'api/status', b.started.url), {
            headers: { authorization: `token ${b.spec.token}` },
          })
        ).status,
        200,
      );
      const targets: (readonly [string, number])[] = [
        [gateway, port],
        ...hostAddresses().map((address) => [address, port] as const),
        ['169.254.169.254', 80],
        [otherIp, 8888],
      ];
      for (const [host, target] of targets) {
        assert.notEqual(
          (await run(a, connectCode(host, target))).trim(),
          'connected',
          `${host}:${target} is reachable`,
        );
      }
    });

    test('a fork bomb stops at the pids limit and the session keeps working', async () => {
      const code = [
        'import os, signal, subprocess, time',
        "bomb = subprocess.Popen(['/bin/sh', '-c', 'f() { f | f & }; f'], start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)",
        'time.sleep(3)',
        "peak = int(open('/sys/fs/cgroup/pids/pids.current').read())",
        "limit = open('/sys/fs/cgroup/pids/pids.max').read().strip()",
        'for _ in range(50):',
        '    try: os.killpg(bomb.pid, signal.SIGKILL)',
        '    except ProcessLookupError: break',
        '    time.sleep(0.1)',
        'print(peak, limit)',
      ].join('\n');
      const [peak, limit] = (await run(b, code)).trim().split(' ');
      assert.equal(limit, '96');
      assert.ok(Number(peak) <= 96, `peak ${peak}`);
      assert.equal((await run(b, 'print(6 * 7)')).trim(), '42');
    });

    test('exceeding the memory limit ends only that session, and poll says oom', async () => {
      // The kernel dies mid-request; the poll, not the reply, tells what happened.
      const allocating = run(b, "x = b'1' * (400 * 1024 * 1024)", 30_000).catch(() => undefined);
      const status = await pollUntilStopped(b);
      await allocating;
      assert.equal(status.running, false);
      assert.equal(!status.running && status.reason, 'oom');
      assert.deepEqual(await harness.spawner.poll(a.started.state), { running: true });
      assert.equal((await run(a, 'print(6 * 7)')).trim(), '42');
      await harness.spawner.stop(b.started.state);
    });

    test('a second start of a running session id fails and leaves the first alone', async () => {
      await assert.rejects(harness.spawner.start(a.spec, new AbortController().signal), {
        code: 'spawn_failed',
      });
      assert.deepEqual(await harness.spawner.poll(a.started.state), { running: true });
    });

    test("a container removed behind the spawner's back is missing, and stop is fine", async () => {
      await harness.container(a.started.state).remove({ force: true });
      assert.deepEqual(await harness.spawner.poll(a.started.state), {
        running: false,
        reason: 'missing',
      });
      await harness.spawner.stop(a.started.state);
      assert.deepEqual(await harness.leftovers(a.spec.sessionId), []);
    });
  });
}
