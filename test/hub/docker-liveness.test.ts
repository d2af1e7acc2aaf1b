// Docker servers that run but do not answer: a paused container ends as `unresponsive`
// within the documented bound (README, Sessions: Liveness), measured against the hub's
// own end timestamp; and after `kill -9` of the hub while a container is paused, the
// restarted hub probes it before routing, never routes to it, and ends it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type Docker from 'dockerode';
import { labelKeys, bridgeInterfaceName } from '../../src/spawners/docker/docker-names.js';
import { iptablesRunner, removeNetworkGuard } from '../../src/spawners/docker/network-guard.js';
import { freePort, killHard, startHubProcess, type HubProcess } from '../helpers/hub-process.js';
import { startTestHub, Visitor, type TestHub } from '../helpers/hub.js';
import { requireDocker, testImage } from '../spawners/docker-harness.js';

const livenessTimeoutSeconds = 1;
const livenessFailures = 2;
const pollIntervalMs = 2000;
const cullIntervalMs = 250;
/** livenessFailures × max(poll interval, timeout) + one cull interval (README). */
const boundMs =
  livenessFailures * Math.max(pollIntervalMs, livenessTimeoutSeconds * 1000) + cullIntervalMs;
/** Removing the paused container happens before the end is stamped. */
const stopSlackMs = 10_000;

const network = `cnh-live-${randomBytes(4).toString('hex')}`;
const dataDir = mkdtempSync(join(tmpdir(), 'cnh-docker-live-'));
chmodSync(dataDir, 0o711);
let docker: Docker;
let hub: TestHub | undefined;
let hubProcess: HubProcess | undefined;
const ours: string[] = [];

before(async () => {
  docker = await requireDocker();
});

after(async () => {
  if (hubProcess) await killHard(hubProcess);
  await hub?.close();
  for (const id of ours) {
    for (const c of await containersOf(id)) {
      const container = docker.getContainer(c.Id);
      if (c.State === 'paused') await container.unpause().catch(() => {});
      await container.remove({ force: true }).catch(() => {});
    }
  }
  await removeNetworkGuard(bridgeInterfaceName(network), iptablesRunner()).catch(() => {});
  await docker
    .getNetwork(network)
    .remove()
    .catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
});

function containersOf(sessionId: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({
    all: true,
    filters: { label: [`${labelKeys.sessionId}=${sessionId}`] },
  });
}

async function pause(sessionId: string): Promise<void> {
  const [info] = await containersOf(sessionId);
  assert.ok(info, 'the session has a container');
  await docker.getContainer(info.Id).pause();
}

async function launch(visitor: Visitor): Promise<string> {
  const { status, json } = await visitor.launch({ notebook: 'welcome.ipynb' });
  assert.ok(status === 201 || status === 202, JSON.stringify(json));
  const id = String(json.id);
  ours.push(id);
  await visitor.waitFor(id, 'ready', 120_000);
  return id;
}

test('a paused container ends as unresponsive within the liveness bound', async () => {
  hub = await startTestHub({
    spawner: 'docker',
    dockerImage: testImage,
    dockerNetwork: network,
    livenessTimeoutSeconds,
    livenessFailures,
    cullIntervalMs,
  });
  const visitor = hub.visitor();
  const id = await launch(visitor);
  const pausedAt = Date.now();
  await pause(id);
  const ended = await visitor.waitFor(id, 'ended', 90_000);
  assert.equal(ended.ended_reason, 'unresponsive');
  const record = hub.hub.manager.deps.store.getSession(id)!;
  const afterPauseMs = record.endedAt! - pausedAt;
  assert.ok(afterPauseMs <= boundMs + stopSlackMs, `ended ${afterPauseMs} ms after the pause`);
  assert.deepEqual(await containersOf(id), [], 'the paused container is removed');
  await hub.close();
  hub = undefined;
});

test('after kill -9 of the hub while a container is paused, the restarted hub never routes to it', async () => {
  const port = await freePort();
  const args = ['--port', String(port), '--data', dataDir, '--spawner', 'docker'];
  const env = {
    HUB_ADMIN_TOKEN: 'docker-liveness-admin-token',
    HUB_DOCKER_NETWORK: network,
    HUB_DOCKER_IMAGE: testImage,
    HUB_POOL_SIZE: '0',
    HUB_LIVENESS_TIMEOUT_SECONDS: String(livenessTimeoutSeconds),
    HUB_LIVENESS_FAILURES: String(livenessFailures),
  };
  hubProcess = await startHubProcess(args, env);
  const origin = new URL(hubProcess.url).origin;
  const healthy = new Visitor(hubProcess.url, origin);
  const paused = new Visitor(hubProcess.url, origin);
  const healthyId = await launch(healthy);
  const pausedId = await launch(paused);
  await killHard(hubProcess);
  await pause(pausedId);

  hubProcess = await startHubProcess(args, env);
  const gone = await paused.session(pausedId);
  assert.equal(gone.json.state, 'ended');
  assert.equal(gone.json.ended_reason, 'unresponsive');
  const routed = await paused.fetch(`user/${pausedId}/api/status`);
  assert.equal(routed.status, 404, 'not routed');
  assert.deepEqual(await containersOf(pausedId), [], 'its container is removed');
  const alive = await healthy.fetch(`user/${healthyId}/api/status`);
  assert.equal(alive.status, 200, 'the answering session is re-adopted');
});
