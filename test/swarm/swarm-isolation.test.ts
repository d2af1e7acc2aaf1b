/**
 * Isolation on the real 3-node swarm (issue 12), from a session on a worker node: the
 * per-session overlay networks and host-mode ports of `session-network-spec.ts` and the node
 * guard of `swarm-guard-plan.ts`, run as the global service of `guard-service-spec.ts`.
 *
 * Sessions A (the prober) and C run on worker sw2, session B on worker sw3; each is a
 * service with one replica, uid 1000, all capabilities dropped, on an overlay of its own.
 * The hub in tests runs on the host (10.231.0.1); a listener there stands for its admin API.
 * First the same probes without the guard show that the targets are reachable at all (so
 * the checks can fail); then, with the guard on every node, they are rejected, the hub
 * still reaches the sessions, and egress follows the guard's `egress` setting.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import type { CreateServiceOptions } from 'dockerode';
import { guardRemovalScript } from '../../src/spawners/swarm/isolation/guard-script.js';
import { guardServiceSpec } from '../../src/spawners/swarm/isolation/guard-service-spec.js';
import {
  sessionAddress,
  sessionEndpointSpec,
  sessionNetworkSpec,
} from '../../src/spawners/swarm/isolation/session-network-spec.js';
import {
  swarmGuardPlan,
  type SwarmGuardOptions,
} from '../../src/spawners/swarm/isolation/swarm-guard-plan.js';
import {
  inNode,
  nodeNames,
  requireSwarm,
  swarmCluster,
  waitFor,
  type NodeName,
  type SwarmClients,
} from './swarm-cluster.js';
import { connectProbe } from './connect-probe.js';

const run = promisify(execFile);
const runId = randomBytes(3).toString('hex');
const labels = { 'cnh.owner': 'swarm-cluster', 'cnh.test': `isolation-${runId}` };
const port = 8888;

interface Session {
  readonly node: NodeName;
  readonly host: string;
  readonly port: number;
  readonly containerId: string;
  /** The container's addresses on its overlay and on docker_gwbridge. */
  readonly addresses: string[];
}

// Run inside a container with the targets as its arguments.
const probeScript = connectProbe('sys.argv[1:]');

async function listen(host: string): Promise<Server> {
  const server = createServer((_req, res) => res.end('admin'));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return server;
}

describe('swarm isolation: from a session on a worker node', () => {
  let swarm: SwarmClients;
  let admin: Server;
  let outside: Server;
  const sessions = new Map<string, Session>();
  const guardName = `swcl-guard-${runId}`;
  // The guard runs where sessions run (the workers here); the hub's node is left alone.
  const guardConstraints = ['node.role==worker'];
  const guardedNodes: NodeName[] = ['sw2', 'sw3'];
  const guardOptions: SwarmGuardOptions = {
    hubSources: [swarmCluster.hostAddress],
    nodeAddresses: nodeNames.map((n) => swarmCluster.address(n)),
    egress: true,
    sessionPort: port,
  };

  const startSession = async (name: string, node: NodeName): Promise<Session> => {
    const network = `swcl-s-${runId}-${name}`;
    await swarm.manager.createNetwork(sessionNetworkSpec({ name: network, labels }));
    await swarm.manager.createService({
      Name: `swcl-s-${runId}-${name}`,
      Labels: labels,
      TaskTemplate: {
        ContainerSpec: {
          Image: swarmCluster.notebookImage,
          Labels: labels,
          User: '1000',
          CapabilityDrop: ['ALL'],
          Command: ['/usr/bin/python3', '-m', 'http.server', String(port)],
        },
        Networks: [{ Target: network }],
        Placement: { Constraints: [`node.hostname==${swarmCluster.hostname(node)}`] },
        RestartPolicy: { Condition: 'none' },
        Resources: { Limits: { MemoryBytes: 96 * 1024 * 1024 } },
      },
      Mode: { Replicated: { Replicas: 1 } },
      EndpointSpec: sessionEndpointSpec(port),
    } as CreateServiceOptions);
    const task = await waitFor(`session ${name} running`, async () => {
      const tasks = await swarm.manager.listTasks({
        filters: JSON.stringify({ service: [`swcl-s-${runId}-${name}`] }),
      });
      const running = tasks.find((t) => t.Status?.State === 'running');
      if (running?.Status?.State === 'failed') throw new Error(running.Status.Err);
      return running;
    });
    const nodeInfo = await swarm.manager.getNode(task.NodeID).inspect();
    const address = sessionAddress(task, nodeInfo, port);
    assert.ok(address, `no published port for ${name}`);
    const containerId: string = task.Status.ContainerStatus.ContainerID;
    const info = await swarm.node(node).getContainer(containerId).inspect();
    const nets = Object.values(info.NetworkSettings.Networks);
    const addresses = nets.map((n) => n.IPAddress).filter((ip) => ip !== '');
    const session = { node, ...address, containerId, addresses };
    await waitFor(`session ${name} answering`, async () =>
      (await fetch(`http://${address.host}:${address.port}/`)).status === 200 ? true : undefined,
    );
    sessions.set(name, session);
    return session;
  };

  const probe = async (from: Session, targets: string[]): Promise<Record<string, string>> => {
    const { stdout } = await run(
      'docker',
      [
        '-H',
        `unix://${swarmCluster.socket(from.node)}`,
        'exec',
        from.containerId,
        '/usr/bin/python3',
        '-c',
        probeScript,
        ...targets,
      ],
      { timeout: 300_000 },
    );
    return JSON.parse(stdout) as Record<string, string>;
  };

  const hubGet = async (session: Session): Promise<number> =>
    (
      await fetch(`http://${session.host}:${session.port}/`, {
        signal: AbortSignal.timeout(20_000),
      })
    ).status;

  // Every chain exactly as planned and every jump in place, on every node (a chain is
  // filled rule by rule, so a partial check could pass half-way).
  const guardRulesOnEveryNode = (options: SwarmGuardOptions) => {
    const plan = swarmGuardPlan(options);
    return waitFor('the guard rules on every session node', async () => {
      for (const node of guardedNodes) {
        for (const [chain, rules] of Object.entries(plan.chains)) {
          const listed = await inNode(node, ['iptables', '-S', chain]).catch(() => '');
          const wanted = rules.map((rule) => `-A ${chain} ${rule}`);
          const actual = listed.split('\n').filter((line) => line.startsWith('-A '));
          if (actual.join('\n') !== wanted.join('\n')) return undefined;
        }
        for (const [chain, rule] of plan.jumps) {
          const listed = await inNode(node, ['iptables', '-S', chain]);
          if (!listed.split('\n').includes(`-A ${chain} ${rule}`)) return undefined;
        }
      }
      return true;
    });
  };

  let targets: { blocked: string[]; outside: string };

  before(async () => {
    swarm = await requireSwarm();
    admin = await listen(swarmCluster.hostAddress);
    outside = await listen(swarmCluster.outsideAddress);
    const a = await startSession('a', 'sw2');
    const c = await startSession('c', 'sw2');
    const b = await startSession('b', 'sw3');
    const adminPort = (admin.address() as AddressInfo).port;
    targets = {
      blocked: [
        `${swarmCluster.hostAddress}:${adminPort}`, // the hub's admin API (the hub runs here)
        `${swarmCluster.registry}`,
        ...nodeNames.map((n) => `${swarmCluster.address(n)}:7946`), // every node's own address (gossip port)
        `${c.host}:${c.port}`, // a session on the same node, through its published port
        `${b.host}:${b.port}`, // a session on another node
        ...c.addresses.map((ip) => `${ip}:${port}`),
        ...b.addresses.map((ip) => `${ip}:${port}`),
        `${a.host}:${a.port}`, // itself through its node
      ],
      outside: `${swarmCluster.outsideAddress}:${(outside.address() as AddressInfo).port}`,
    };
  });

  after(async () => {
    if (!swarm) return;
    const byLabel = JSON.stringify({ label: [`cnh.test=${labels['cnh.test']}`] });
    for (const service of await swarm.manager.listServices({ filters: byLabel })) {
      await swarm.manager
        .getService(service.ID)
        .remove()
        .catch(() => undefined);
    }
    await waitFor('session tasks gone', async () => {
      const tasks = await swarm.manager.listTasks({ filters: byLabel });
      return tasks.every((t) => t.Status?.State !== 'running') ? true : undefined;
    }).catch(() => undefined);
    for (const network of await swarm.manager.listNetworks({ filters: byLabel })) {
      await waitFor(`network ${network.Name} removed`, () =>
        swarm.manager
          .getNetwork(network.Id)
          .remove()
          .then(() => true),
      ).catch(() => undefined);
    }
    const removal = guardRemovalScript(swarmGuardPlan(guardOptions));
    for (const node of nodeNames) await inNode(node, ['sh', '-c', removal]).catch(() => undefined);
    admin?.close();
    outside?.close();
  });

  test('without the guard the targets are reachable (the checks below can fail)', async (t) => {
    const a = sessions.get('a')!;
    const seen = await probe(a, [...targets.blocked, targets.outside]);
    t.diagnostic(JSON.stringify(seen));
    for (const target of [
      targets.blocked[0], // the admin stand-in on the host
      `${sessions.get('b')!.host}:${sessions.get('b')!.port}`,
      `${sessions.get('c')!.host}:${sessions.get('c')!.port}`,
      `${swarmCluster.address('sw3')}:7946`,
      targets.outside,
    ]) {
      assert.equal(seen[target], 'open', `${target} without the guard`);
    }
  });

  test('with the guard: admin API, sessions, node addresses, private ranges and metadata are rejected; the hub reaches the sessions; egress on', async (t) => {
    await swarm.manager.createService(
      guardServiceSpec({
        name: guardName,
        image: swarmCluster.hubImage,
        plan: swarmGuardPlan(guardOptions),
        labels,
        intervalSeconds: 2,
        constraints: guardConstraints,
      }),
    );
    await guardRulesOnEveryNode(guardOptions);
    const managerRules = await inNode('sw1', ['iptables', '-S', 'DOCKER-USER']);
    assert.ok(!managerRules.includes('CNH-SWARM'), 'no guard on the manager (the hub node)');
    const a = sessions.get('a')!;
    const extra = ['169.254.169.254:80', '10.0.0.1:80', '172.16.0.1:80', '192.168.1.1:80'];
    const seen = await probe(a, [...targets.blocked, ...extra, targets.outside]);
    t.diagnostic(JSON.stringify(seen));
    for (const target of [...targets.blocked, ...extra]) {
      // The guard rejects (ICMP admin-prohibited or a TCP reset): a refusal, not a timeout.
      assert.ok(
        ['EHOSTUNREACH', 'ECONNREFUSED'].includes(seen[target]!),
        `${target}: ${seen[target]}`,
      );
    }
    assert.equal(seen[targets.outside], 'open', 'egress is on');
    for (const session of sessions.values()) assert.equal(await hubGet(session), 200);
  });

  test('with egress off the internet is rejected too, and the hub still reaches the sessions', async (t) => {
    const service = swarm.manager.getService(guardName);
    const current = await service.inspect();
    const spec = guardServiceSpec({
      name: guardName,
      image: swarmCluster.hubImage,
      plan: swarmGuardPlan({ ...guardOptions, egress: false }),
      labels,
      intervalSeconds: 2,
      constraints: guardConstraints,
    });
    await service.update({ ...spec, version: current.Version.Index });
    await guardRulesOnEveryNode({ ...guardOptions, egress: false });
    const seen = await probe(sessions.get('a')!, [targets.outside, targets.blocked[0]!]);
    t.diagnostic(JSON.stringify(seen));
    assert.equal(seen[targets.outside], 'EHOSTUNREACH');
    assert.equal(seen[targets.blocked[0]!], 'EHOSTUNREACH');
    for (const session of sessions.values()) assert.equal(await hubGet(session), 200);
  });
});
