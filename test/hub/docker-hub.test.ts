// The hub with the Docker spawner against the real engine: kernel through the proxy,
// limits from the admin settings, OOM ends the session with reason `oom`, the hub is
// unreachable from a session, a container removed behind the hub's back frees its slot,
// orphans are removed, the warm pool hands out and refills, and an unreachable engine
// gives a fast 503 and recovers without a restart.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseDockerState } from '../../src/spawners/docker/docker-state.js';
import { iptablesRunner, removeNetworkGuard } from '../../src/spawners/docker/network-guard.js';
import { bridgeInterfaceName } from '../../src/spawners/docker/docker-names.js';
import { watchCuller, type CullWatch } from '../helpers/cull-passes.js';
import { startTestHub, type TestHub, type Visitor } from '../helpers/hub.js';
import { executeCode } from '../helpers/kernel.js';
import { SocketRelay } from '../helpers/socket-relay.js';
import { requireDocker, testImage } from '../spawners/docker-harness.js';

const network = `cnh-hubtest-${randomBytes(4).toString('hex')}`;
const relay = new SocketRelay(
  join(tmpdir(), `cnh-docker-relay-${process.pid}.sock`),
  '/var/run/docker.sock',
);
let hub: TestHub;
let culls: CullWatch;
let docker: Awaited<ReturnType<typeof requireDocker>>;

before(async () => {
  docker = await requireDocker();
  await relay.up();
  hub = await startTestHub({
    spawner: 'docker',
    host: '0.0.0.0',
    dockerSocket: relay.path,
    dockerImage: testImage,
    dockerNetwork: network,
    maxSessions: 3,
  });
  culls = watchCuller(hub.hub);
});

after(async () => {
  await relay.up().catch(() => {});
  await hub.close();
  await removeNetworkGuard(bridgeInterfaceName(network), iptablesRunner()).catch(() => {});
  await docker
    .getNetwork(network)
    .remove()
    .catch(() => {});
  await relay.down();
});

async function ready(visitor: Visitor): Promise<string> {
  const { status, json } = await visitor.launch({ notebook: 'welcome.ipynb' });
  assert.ok(status === 201 || status === 202, JSON.stringify(json));
  await visitor.waitFor(String(json.id), 'ready', 90_000);
  return String(json.id);
}

const endpointOf = (visitor: Visitor, id: string) => ({
  url: `${hub.url}user/${id}/`,
  headers: visitor.headers(),
});
const containerOf = (id: string) =>
  docker.getContainer(
    parseDockerState(hub.hub.manager.live.get(id)!.record.spawnerState!)!.containerId,
  );

test('kernel through the proxy; inspect shows the settings; new settings apply to the next session', async () => {
  const first = hub.visitor();
  const id = await ready(first);
  assert.equal((await executeCode(endpointOf(first, id), '6*7')).trim(), '42');
  const before = (await containerOf(id).inspect()).HostConfig;
  assert.deepEqual(
    [before.CpuQuota, before.CpuPeriod, before.Memory, before.PidsLimit],
    [50_000, 100_000, 1024 ** 3, 256],
  );

  const put = await hub.admin('api/admin/settings', {
    method: 'PUT',
    body: JSON.stringify({ cpu_percent: 25, memory_limit: '256M' }),
  });
  assert.equal(put.status, 200);
  const second = hub.visitor();
  const id2 = await ready(second);
  const after = (await containerOf(id2).inspect()).HostConfig;
  assert.deepEqual([after.CpuQuota, after.Memory], [25_000, 256 * 1024 ** 2]);
  assert.equal(
    (await containerOf(id).inspect()).HostConfig.Memory,
    1024 ** 3,
    'running sessions keep their limits',
  );

  // Over the memory limit: only that container dies, and the hub says why.
  const oom = executeCode(
    endpointOf(second, id2),
    "x = bytearray(600 * 1024 * 1024)\nprint('survived')",
    { timeoutMs: 60_000 },
  ).catch((e: unknown) => String(e));
  const ended = await second.waitFor(id2, 'ended', 60_000);
  await oom;
  assert.equal(ended.ended_reason, 'oom');
  assert.equal(
    (await executeCode(endpointOf(first, id), '1+1')).trim(),
    '2',
    'the other session is unharmed',
  );
  const metrics = await (await fetch(`${hub.url}metrics`)).text();
  assert.match(metrics, /cnh_sessions_ended_total\{reason="oom"\} 1/);
  await first.fetch(`api/sessions/${id}`, { method: 'DELETE' });
  await hub.admin('api/admin/settings', {
    method: 'PUT',
    body: JSON.stringify({ cpu_percent: 50, memory_limit: '1G' }),
  });
});

test('from inside a session the hub (admin API included) cannot be reached', async () => {
  const visitor = hub.visitor();
  const id = await ready(visitor);
  const info = await containerOf(id).inspect();
  const gateway = info.NetworkSettings.Networks[network]!.Gateway;
  const port = new URL(hub.url).port;
  const lan = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address)
    .filter((a) => a !== gateway);
  for (const host of [gateway, ...lan]) {
    const out = await executeCode(
      endpointOf(visitor, id),
      `import urllib.request\ntry:\n    urllib.request.urlopen('http://${host}:${port}/api/admin/settings', timeout=4)\n    print('reached')\nexcept Exception as e:\n    print(type(e).__name__)`,
    );
    assert.doesNotMatch(out, /reached|HTTPError/, `${host}:${port} answered from inside a session`);
  }
  await visitor.fetch(`api/sessions/${id}`, { method: 'DELETE' });
});

test("a container removed behind the hub's back ends its session and frees the slot", async () => {
  const visitor = hub.visitor();
  const id = await ready(visitor);
  const removedAt = hub.hub.manager.deps.clock.wallMs();
  await containerOf(id).remove({ force: true });
  const ended = await visitor.waitFor(id, 'ended', 120_000);
  assert.equal(ended.ended_reason, 'server-died');
  // Promptness is the behaviour: counted in the hub's own culler passes (a liveness poll
  // every 2 s, passes every cullIntervalMs), so a loaded machine that slows the passes
  // does not fail it. One poll interval's worth of passes, plus three.
  const passes = culls.passesBetween(removedAt, culls.stoppingAt(id)!);
  const allowed = 2000 / hub.hub.ctx.config.cullIntervalMs + 3;
  assert.ok(passes <= allowed, `ended ${passes} culler passes after the removal`);
  assert.equal(hub.hub.manager.live.held().all, 0);
});

test('a labelled container the store does not know is removed', async () => {
  const spawner = hub.hub.manager.deps.spawner;
  const orphanId = randomBytes(12).toString('hex');
  const orphan = await spawner.start(
    {
      sessionId: orphanId,
      baseUrl: `/user/${orphanId}/`,
      token: 'orphan',
      limits: { cpuPercent: 10, memoryBytes: 256 * 1024 ** 2, pidsLimit: 64 },
      env: {},
      filesDir: null,
    },
    AbortSignal.timeout(60_000),
  );
  assert.ok((await hub.hub.reconciler.reapOrphans()) >= 1);
  assert.deepEqual(await spawner.poll(orphan.state), { running: false, reason: 'missing' });
});

test('the engine unreachable: a fast, clear 503; back: launches work without a restart', async () => {
  await relay.down();
  const visitor = hub.visitor();
  const t0 = Date.now();
  const { status, json } = await visitor.launch({ notebook: 'welcome.ipynb' });
  assert.equal(status, 503);
  assert.equal(json.error, 'spawner_unavailable');
  assert.match(String(json.message), /Docker engine is not reachable/);
  // "Fast" means the launch did not wait out a start: measured against the hub's own
  // start timeout (a ratio), not a fixed number of milliseconds.
  const startTimeoutMs = hub.hub.ctx.config.startTimeoutSeconds * 1000;
  assert.ok(Date.now() - t0 < startTimeoutMs / 2, 'answered well before the start timeout');
  assert.equal(hub.hub.manager.live.byId.size, 0, 'no slot used');
  assert.equal((await fetch(`${hub.url}healthz`)).status, 503);

  await relay.up();
  // The hub re-checks the engine on demand; wait until it reports itself healthy again.
  await waitUntil(async () => (await fetch(`${hub.url}healthz`)).status === 200);
  const id = await ready(visitor);
  assert.equal((await executeCode(endpointOf(visitor, id), '6*7')).trim(), '42');
  await visitor.fetch(`api/sessions/${id}`, { method: 'DELETE' });
});

test('warm pool of 2: a launch is a hand-out, and the pool refills', async () => {
  await hub.close();
  hub = await startTestHub({
    spawner: 'docker',
    dockerSocket: relay.path,
    dockerImage: testImage,
    dockerNetwork: network,
    maxSessions: 3,
    poolSize: 2,
  });
  const pool = hub.hub.manager.pool!;
  await waitUntil(async () => pool.answeringIds().length === 2);
  const pooledIds = pool.answeringIds();
  const visitor = hub.visitor();
  const id = await ready(visitor);
  assert.ok(pooledIds.includes(id), 'the session got a pre-started container');
  assert.equal(
    (
      await executeCode(endpointOf(visitor, id), "import os\n'welcome.ipynb' in os.listdir('.')")
    ).trim(),
    'True',
  );
  await waitUntil(async () => pool.answeringIds().length === 2);
  assert.equal(
    hub.hub.manager.live.held().all + pool.held(),
    3,
    'pooled containers count against max_sessions',
  );
  const pooledNow = pool.answeringIds();
  const second = hub.visitor();
  const id2 = await ready(second);
  assert.ok(pooledNow.includes(id2), 'a second launch takes another pooled container');
  assert.equal(
    hub.hub.manager.live.held().all + pool.held(),
    3,
    'and the pool does not grow past max_sessions',
  );
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, 'condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}
