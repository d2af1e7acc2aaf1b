/**
 * The node guard as the hub deploys it (issue 12, isolation on a cluster): a hub started
 * with `--spawner swarm` creates the global guard service itself (config `swarmGuard*`),
 * takes launches once it runs, and its sessions — on the workers (`node.role==worker`) —
 * are fenced off. From inside a session, as uid 1000, over the kernel WebSocket through
 * the hub: every node address, another session's host-mode port, 169.254.169.254, private
 * ranges and the hub's admin listener are refused, while the hub reaches the sessions
 * (6*7 = 42). Then the guard is taken away (the hub never removes it) and the same probes
 * are open: the checks can fail, and no rule is left for the other swarm tests.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { labelKeys } from '../../src/spawners/docker/docker-names.js';
import { instanceIdFor } from '../../src/spawners/local/instance-id.js';
import { guardSpecLabel } from '../../src/spawners/swarm/isolation/node-guard.js';
import { SwarmSpawner } from '../../src/spawners/swarm/swarm-spawner.js';
import { currentTask, type SwarmNode } from '../../src/spawners/swarm/task-phase.js';
import { freePort, killHard, startHubProcess, type HubProcess } from '../helpers/hub-process.js';
import { Visitor } from '../helpers/hub.js';
import { executeCode, type JupyterEndpoint } from '../helpers/kernel.js';
import { connectProbe } from './connect-probe.js';
import { guardRulesLeft, removeNodeGuard } from './node-guard-cleanup.js';
import {
  nodeNames,
  requireSwarm,
  swarmCluster,
  waitFor,
  type SwarmClients,
} from './swarm-cluster.js';

const run = promisify(execFile);

const runId = randomBytes(3).toString('hex');
const guardName = `swgd-guard-${runId}`;
const dataDir = mkdtempSync(join(tmpdir(), 'cnh-swgd-hub-'));
chmodSync(dataDir, 0o711);
const instanceId = instanceIdFor(dataDir);

// From inside the session, and its uid.
const probeCode = (targets: string[]) =>
  connectProbe(JSON.stringify(targets), "{'uid': os.getuid()}");

describe('the hub deploys the node guard on the swarm', () => {
  let swarm: SwarmClients;
  let hub: HubProcess | undefined;
  let adminPort: number;
  const visitors: Visitor[] = [];
  const ids: string[] = [];

  const endpoint = (i: number): JupyterEndpoint => ({
    url: `${hub!.url}user/${ids[i]}/`,
    headers: visitors[i]!.headers(),
  });
  const probe = async (targets: string[]): Promise<Record<string, unknown>> =>
    JSON.parse(
      await executeCode(endpoint(0), probeCode(targets), { timeoutMs: 300_000 }),
    ) as Record<string, unknown>;
  const taskOf = async (sessionId: string) => {
    const label = [`${labelKeys.hubInstance}=${instanceId}`, `${labelKeys.sessionId}=${sessionId}`];
    const [service] = await swarm.manager.listServices({ filters: { label } });
    assert.ok(service, `no service for ${sessionId}`);
    const tasks = await swarm.manager.listTasks({ filters: { service: [service.ID] } });
    const task = currentTask(tasks as { NodeID?: string; CreatedAt?: string }[]) as {
      NodeID: string;
      Status: {
        PortStatus?: { Ports?: { PublishedPort?: number }[] };
        ContainerStatus: { ContainerID: string };
      };
    };
    const node = (await swarm.manager.getNode(task.NodeID).inspect()) as SwarmNode & {
      Spec: { Role: string };
    };
    const port = task.Status.PortStatus?.Ports?.[0]?.PublishedPort;
    return {
      node,
      host: node.Status!.Addr!,
      port,
      containerId: task.Status.ContainerStatus.ContainerID,
    };
  };

  before(async () => {
    swarm = await requireSwarm();
    adminPort = await freePort();
    const args = ['--port', String(await freePort()), '--data', dataDir, '--spawner', 'swarm'];
    args.push('--pool-size', '0', '--image', swarmCluster.notebookImage, '--max-sessions', '4');
    hub = await startHubProcess(args, {
      HUB_ADMIN_TOKEN: 'swarm-guard-admin-token-0123456789',
      // The admin listener on the host's address on the swarm's bridge, where a session
      // could reach it without the guard (the last test shows it open then).
      HUB_ADMIN_HOST: swarmCluster.hostAddress,
      HUB_ADMIN_PORT: String(adminPort),
      HUB_DOCKER_SOCKET: swarmCluster.socket('sw1'),
      HUB_MEMORY_LIMIT: '256M',
      HUB_SWARM_RESERVE_PERCENT: '10',
      HUB_SWARM_CONSTRAINTS: 'node.role==worker',
      HUB_SWARM_LABELS: 'cnh.owner=swarmguard',
      HUB_SWARM_GUARD_IMAGE: swarmCluster.hubImage,
      HUB_SWARM_GUARD_SERVICE: guardName,
      // The hub runs on the host here, not on the manager: its connections come from the
      // host's address on the test bridge.
      HUB_SWARM_HUB_SOURCES: swarmCluster.hostAddress,
      HUB_START_TIMEOUT_SECONDS: '180',
    });
  });

  after(async () => {
    if (hub) await killHard(hub);
    const spawner = new SwarmSpawner({
      socketPath: swarmCluster.socket('sw1'),
      image: swarmCluster.notebookImage,
      preset: 'notebook6',
      instanceId,
      constraints: [],
      reservePercent: 10,
    });
    for (const server of await spawner.listOwned().catch(() => []))
      await spawner.stop(server.state).catch(() => undefined);
    if (swarm) await removeNodeGuard(swarm.manager, guardName);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the hub creates a global guard on the session nodes and launches once it runs', async () => {
    // /readyz asks the spawner's check(), which creates the guard and is not ready until
    // its tasks run (launches meanwhile get a 503).
    await waitFor('the hub ready', async () =>
      (await fetch(`${hub!.url}readyz`)).status === 200 ? true : undefined,
    );
    for (let i = 0; i < 2; i++) {
      const v = new Visitor(hub!.url, new URL(hub!.url).origin);
      visitors.push(v);
      ids.push(String((await v.launch({ notebook: 'welcome.ipynb' })).json.id));
    }
    await Promise.all(ids.map((id, i) => visitors[i]!.waitFor(id, 'ready', 300_000)));
    const guard = await swarm.manager.getService(guardName).inspect();
    assert.ok(guard.Spec.Mode.Global, 'global mode');
    assert.deepEqual(guard.Spec.TaskTemplate.Placement.Constraints, ['node.role==worker']);
    assert.equal(guard.Spec.Labels['cnh.owner'], 'swarmguard');
    assert.ok(guard.Spec.Labels[guardSpecLabel]);
    const tasks = await swarm.manager.listTasks({
      filters: JSON.stringify({ service: [guardName], 'desired-state': ['running'] }),
    });
    assert.equal(tasks.filter((t) => t.Status?.State === 'running').length, 2, 'sw2 and sw3');
    for (const id of ids) assert.equal((await taskOf(id)).node.Spec.Role, 'worker');
  });

  test('from a session: node addresses, another session, metadata, private ranges and the admin API are refused; the hub reaches the sessions', async (t) => {
    const other = await taskOf(ids[1]!);
    const targets = [
      ...nodeNames.map((n) => `${swarmCluster.address(n)}:7946`), // every node (gossip port)
      `${other.host}:${other.port}`, // another session's host-mode port
      `${swarmCluster.hostAddress}:${adminPort}`, // the hub's admin listener
      '169.254.169.254:80',
      '10.0.0.1:80',
      '172.16.0.1:80',
      '192.168.1.1:80',
    ];
    const seen = await probe(targets);
    t.diagnostic(JSON.stringify(seen));
    assert.equal(seen.uid, 1000);
    for (const target of targets)
      assert.ok(
        ['EHOSTUNREACH', 'ECONNREFUSED'].includes(String(seen[target])),
        `${target}: ${String(seen[target])}`,
      );
    for (const i of [0, 1]) assert.equal((await executeCode(endpoint(i), '6*7')).trim(), '42');
  });

  test('without the guard (removed) the same targets are open: the checks can fail', async (t) => {
    // The hub would put its guard back at its next check: stop it first (the sessions'
    // services live on), then probe from the session's container as uid 1000.
    const own = await taskOf(ids[0]!);
    const other = await taskOf(ids[1]!);
    await killHard(hub!);
    hub = undefined;
    await removeNodeGuard(swarm.manager, guardName);
    assert.deepEqual(await guardRulesLeft(), []);
    const open = [
      `${swarmCluster.address('sw3')}:7946`,
      `${other.host}:${other.port}`,
      `${swarmCluster.hostAddress}:${adminPort}`,
    ];
    // The hub's admin listener is gone with the hub: a stand-in listens on its address.
    const standIn = createServer((_req, res) => res.end('admin'));
    await new Promise<void>((resolve) =>
      standIn.listen(adminPort, swarmCluster.hostAddress, resolve),
    );
    const node = nodeNames.find((n) => swarmCluster.address(n) === own.host)!;
    const { stdout } = await run(
      'docker',
      ['-H', `unix://${swarmCluster.socket(node)}`, 'exec', '-u', '1000', own.containerId].concat([
        '/usr/bin/python3',
        '-c',
        probeCode(open),
      ]),
      { timeout: 300_000 },
    ).finally(() => standIn.close());
    const seen = JSON.parse(stdout) as Record<string, unknown>;
    t.diagnostic(JSON.stringify(seen));
    for (const target of open) assert.equal(seen[target], 'open', target);
  });
});

describe('a hub that cannot fence its sessions off', () => {
  test('swarmGuard on without swarmGuardImage: the hub refuses to start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnh-swgd-noimage-'));
    try {
      const args = ['--port', String(await freePort()), '--data', dir, '--spawner', 'swarm'];
      args.push('--image', swarmCluster.notebookImage);
      await assert.rejects(
        startHubProcess(args, {
          HUB_ADMIN_TOKEN: 'swarm-guard-admin-token-0123456789',
          HUB_DOCKER_SOCKET: swarmCluster.socket('sw1'),
        }),
        /swarmGuardImage is not set/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a guard whose tasks cannot run: /readyz and launches answer 503, nothing starts', async () => {
    const swarm = await requireSwarm();
    const dir = mkdtempSync(join(tmpdir(), 'cnh-swgd-badguard-'));
    chmodSync(dir, 0o711);
    const name = `swgd-badguard-${runId}`;
    let hub: HubProcess | undefined;
    try {
      const args = ['--port', String(await freePort()), '--data', dir, '--spawner', 'swarm'];
      args.push('--pool-size', '0', '--image', swarmCluster.notebookImage);
      hub = await startHubProcess(args, {
        HUB_ADMIN_TOKEN: 'swarm-guard-admin-token-0123456789',
        HUB_DOCKER_SOCKET: swarmCluster.socket('sw1'),
        HUB_SWARM_CONSTRAINTS: 'node.role==worker',
        HUB_SWARM_LABELS: 'cnh.owner=swarmguard',
        // No such image in the registry: the nodes reject the guard's tasks.
        HUB_SWARM_GUARD_IMAGE: `${swarmCluster.registry}/swgd-no-such-image:${runId}`,
        HUB_SWARM_GUARD_SERVICE: name,
        HUB_SWARM_HUB_SOURCES: swarmCluster.hostAddress,
      });
      // The hub created the guard service, and tells why it is not ready.
      await waitFor('the guard service', () =>
        swarm.manager
          .getService(name)
          .inspect()
          .then(() => true),
      );
      const ready = await fetch(`${hub.url}readyz`);
      assert.equal(ready.status, 503);
      const visitor = new Visitor(hub.url, new URL(hub.url).origin);
      const { status } = await visitor.launch({ notebook: 'welcome.ipynb' });
      assert.equal(status, 503);
      const instance = instanceIdFor(dir);
      const services = await swarm.manager.listServices({
        filters: { label: [`${labelKeys.hubInstance}=${instance}`] },
      });
      assert.deepEqual(services, [], 'no session service was created');
      await waitFor('the log line', async () =>
        /swarm node guard not in force/.test(hub!.output()) ? true : undefined,
      );
    } finally {
      if (hub) await killHard(hub);
      await removeNodeGuard(swarm.manager, name);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
