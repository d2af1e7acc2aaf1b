/**
 * The warm pool on the 3-node swarm, through an in-process hub: pooled servers spread
 * over the nodes, and a launch is handed one of them (its notebook copied in through the
 * contents API), which runs code through the hub's proxy.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { labelKeys } from '../../src/spawners/docker/docker-names.js';
import { instanceIdFor } from '../../src/spawners/local/instance-id.js';
import { currentTask, type SwarmNode } from '../../src/spawners/swarm/task-phase.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { executeCode } from '../helpers/kernel.js';
import { managerSocket, requireSwarm, swarmImage } from './swarm-harness.js';

const poolSize = 3;
let hub: TestHub | undefined;

before(async () => {
  await requireSwarm();
  hub = await startTestHub({
    spawner: 'swarm',
    dockerSocket: managerSocket,
    dockerImage: swarmImage,
    poolSize,
    cpuPercent: 50,
    memoryLimit: '256M',
    swarmLabels: ['cnh.owner=swarm-spawner'],
    startTimeoutSeconds: 180,
  });
});

after(async () => {
  await hub?.close();
});

async function nodeOf(sessionId: string): Promise<string> {
  const docker = await requireSwarm();
  const label = [
    `${labelKeys.hubInstance}=${instanceIdFor(hub!.dataDir)}`,
    `${labelKeys.sessionId}=${sessionId}`,
  ];
  const [service] = await docker.listServices({ filters: { label } });
  const tasks = await docker.listTasks({ filters: { service: [service!.ID] } });
  const task = currentTask(tasks as { NodeID?: string; CreatedAt?: string }[]);
  const node = (await docker.getNode(task!.NodeID!).inspect()) as SwarmNode;
  return node.Description!.Hostname!;
}

test('pooled servers spread over the nodes; a launch is handed one and runs code', async () => {
  const deadline = Date.now() + 240_000;
  let pooled: string[] = [];
  while ((pooled = hub!.hub.manager.pool?.answeringIds() ?? []).length < poolSize) {
    if (Date.now() > deadline) throw new Error(`the pool has ${pooled.length} of ${poolSize}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const nodes = new Set(await Promise.all(pooled.map(nodeOf)));
  assert.ok(nodes.size >= 2, `all pooled servers on ${[...nodes].join(', ')}`);

  const visitor = hub!.visitor();
  const { status, json } = await visitor.launch({ notebook: 'welcome.ipynb' });
  assert.equal(status, 201, JSON.stringify(json));
  const id = String(json.id);
  assert.ok(pooled.includes(id), 'the launch was not handed a pooled server');
  await visitor.waitFor(id, 'ready', 120_000);
  const endpoint = { url: `${hub!.url}user/${id}/`, headers: visitor.headers() };
  assert.equal((await executeCode(endpoint, '6*7')).trim(), '42');
  const contents = await visitor.fetch(`user/${id}/api/contents/welcome.ipynb`);
  assert.equal(contents.status, 200);
});
