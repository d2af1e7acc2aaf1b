// A pool that never hands out the dead, against real engines: after `docker rm -f` of
// every pooled container, and after a restart of the engine (a private dockerd: the
// shared one is never restarted), the next launches all succeed. The pool's own timer is
// set far out in the first two, so what they test is the check right before each
// hand-out (and the check when the backend answers again); the third tests the timer.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import Docker from 'dockerode';
import { bridgeInterfaceName, labelKeys } from '../../src/spawners/docker/docker-names.js';
import { iptablesRunner, removeNetworkGuard } from '../../src/spawners/docker/network-guard.js';
import { startTestHub, type TestHub, type Visitor } from '../helpers/hub.js';
import { executeCode } from '../helpers/kernel.js';
import { PrivateDockerd } from '../helpers/private-dockerd.js';
import { requireDocker, testImage } from '../spawners/docker-harness.js';

const networks: Array<{ name: string; docker: () => Docker }> = [];
const privateEngine = new PrivateDockerd();
const hubs: TestHub[] = [];

before(async () => {
  await requireDocker();
});

after(async () => {
  for (const hub of hubs) await hub.close().catch(() => {});
  for (const { name, docker } of networks) {
    await removeNetworkGuard(bridgeInterfaceName(name), iptablesRunner()).catch(() => {});
    await docker()
      .getNetwork(name)
      .remove()
      .catch(() => {});
  }
  await privateEngine.remove();
});

async function poolFull(hub: TestHub, size: number): Promise<string[]> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const ids = hub.hub.manager.pool?.answeringIds() ?? [];
    if (ids.length === size) return ids;
    if (Date.now() > deadline) throw new Error(`the pool has ${ids.length} of ${size} ready`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Launches `n` visitors at once; each must reach `ready` and run code through the proxy. */
async function launchesSucceed(hub: TestHub, n: number): Promise<string[]> {
  const visitors: Visitor[] = Array.from({ length: n }, () => hub.visitor());
  const ids = await Promise.all(
    visitors.map(async (visitor) => {
      const { status, json } = await visitor.launch({ notebook: 'welcome.ipynb' });
      assert.equal(status, 201, JSON.stringify(json));
      const id = String(json.id);
      await visitor.waitFor(id, 'ready', 120_000);
      const out = await executeCode(
        { url: `${hub.url}user/${id}/`, headers: visitor.headers() },
        '6*7',
      );
      assert.equal(out.trim(), '42');
      return id;
    }),
  );
  return ids;
}

async function dockerHub(
  socket: string,
  network: string,
  poolCheckSeconds = 3600,
): Promise<TestHub> {
  const hub = await startTestHub({
    spawner: 'docker',
    dockerSocket: socket,
    dockerImage: testImage,
    dockerNetwork: network,
    poolSize: 2,
    maxSessions: 6,
    poolCheckSeconds,
  });
  hubs.push(hub);
  return hub;
}

const shared = new Docker({ socketPath: '/var/run/docker.sock' });

async function removeContainers(ids: string[]): Promise<void> {
  for (const id of ids) {
    const [info] = await shared.listContainers({
      all: true,
      filters: { label: [`${labelKeys.sessionId}=${id}`] },
    });
    assert.ok(info, `pooled server ${id} has a container`);
    await shared.getContainer(info.Id).remove({ force: true });
  }
}

test('after docker rm -f of every pooled container, the next launches all succeed', async () => {
  const network = `cnh-pool-${randomBytes(4).toString('hex')}`;
  networks.push({ name: network, docker: () => shared });
  const hub = await dockerHub('/var/run/docker.sock', network);
  const pooled = await poolFull(hub, 2);
  await removeContainers(pooled);
  const ids = await launchesSucceed(hub, 2);
  assert.deepEqual(ids.sort(), [...pooled].sort(), 'both launches were hand-outs of the dead');
  await launchesSucceed(hub, 1);
});

test('after a restart of the engine, the next launches all succeed', async () => {
  const hostBridge = existsSync('/sys/class/net/docker0');
  await privateEngine.start();
  await privateEngine.ensureImage(testImage);
  const engine = new Docker({ socketPath: privateEngine.socket });
  const network = `cnh-pool-${randomBytes(4).toString('hex')}`;
  networks.push({ name: network, docker: () => engine });
  const hub = await dockerHub(privateEngine.socket, network);
  const pooled = await poolFull(hub, 2);
  await privateEngine.restart();
  const ids = await launchesSucceed(hub, 2);
  assert.deepEqual(ids.sort(), [...pooled].sort(), 'both launches were hand-outs of the dead');
  await launchesSucceed(hub, 1);
  // The private engine must leave the shared one alone: its default bridge stays.
  assert.equal(existsSync('/sys/class/net/docker0'), hostBridge, 'the host kept docker0');
});

test('the pool replaces dead servers on its timer, with no launch', async () => {
  const network = `cnh-pool-${randomBytes(4).toString('hex')}`;
  networks.push({ name: network, docker: () => shared });
  const hub = await dockerHub('/var/run/docker.sock', network, 1);
  const pooled = await poolFull(hub, 2);
  await removeContainers(pooled);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const now = hub.hub.manager.pool!.answeringIds();
    if (now.length === 2 && !now.some((id) => pooled.includes(id))) break;
    assert.ok(Date.now() < deadline, `the pool still holds ${now.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await launchesSucceed(hub, 2);
});
