/**
 * The hub with `--spawner swarm` on the real 3-node swarm, as a separate process:
 * - 6 sessions land on at least 2 nodes, none past a node's capacity, a 7th queues;
 * - kill -9 of the hub and a restart on the same data folder re-adopts them on every node;
 * - stopping a worker's engine ends its sessions within the documented bound, frees
 *   their slots (the queued visitor starts), and new launches go to the other nodes.
 * The node is started again afterwards, whatever happened. Stopping a node disturbs
 * every other swarm test running at that moment: run the swarm files one at a time
 * (`TEST_CONCURRENCY=1 scripts/test swarm`).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { labelKeys } from '../../src/spawners/docker/docker-names.js';
import { instanceIdFor } from '../../src/spawners/local/instance-id.js';
import { SwarmSpawner } from '../../src/spawners/swarm/swarm-spawner.js';
import { currentTask, type SwarmNode } from '../../src/spawners/swarm/task-phase.js';
import { freePort, killHard, startHubProcess, type HubProcess } from '../helpers/hub-process.js';
import { Visitor } from '../helpers/hub.js';
import { executeCode, type JupyterEndpoint } from '../helpers/kernel.js';
import { managerSocket, requireSwarm, swarmImage } from './swarm-harness.js';

const run = promisify(execFile);
const clusterScript = process.env.CNH_SWARM_SCRIPT ?? 'scripts/swarm/cluster.sh';
const dataDir = mkdtempSync(join(tmpdir(), 'cnh-swarm-hub-'));
chmodSync(dataDir, 0o711);
const instanceId = instanceIdFor(dataDir);
/** Each session's CPU limit is half a core, all of it reserved: a 2-CPU node holds 4. */
const cpuPercent = 50;
const livenessFailures = 3;
const livenessTimeoutSeconds = 3;
const env = {
  HUB_ADMIN_TOKEN: 'swarm-hub-admin-token-0123456789',
  HUB_DOCKER_SOCKET: managerSocket,
  HUB_CPU_PERCENT: String(cpuPercent),
  HUB_MEMORY_LIMIT: '256M',
  HUB_SWARM_RESERVE_PERCENT: '100',
  HUB_SWARM_LABELS: 'cnh.owner=swarm-spawner',
  HUB_START_TIMEOUT_SECONDS: '180',
  HUB_LIVENESS_FAILURES: String(livenessFailures),
  HUB_LIVENESS_TIMEOUT_SECONDS: String(livenessTimeoutSeconds),
};

describe('the hub on a 3-node swarm', () => {
  let hub: HubProcess | undefined;
  let args: string[];
  const visitors: Visitor[] = [];
  const ids: string[] = [];
  let stoppedNode: string | null = null;

  const nodeOf = async (sessionId: string): Promise<SwarmNode> => {
    const docker = await requireSwarm();
    const label = [`${labelKeys.hubInstance}=${instanceId}`, `${labelKeys.sessionId}=${sessionId}`];
    const [service] = await docker.listServices({ filters: { label } });
    assert.ok(service, `no service for ${sessionId}`);
    const tasks = await docker.listTasks({ filters: { service: [service.ID] } });
    const task = currentTask(tasks as { NodeID?: string; CreatedAt?: string }[]);
    return (await docker.getNode(task!.NodeID!).inspect()) as SwarmNode;
  };
  const nodeName = (node: SwarmNode) => node.Description!.Hostname!;

  before(async () => {
    await requireSwarm();
    const port = await freePort();
    args = ['--port', String(port), '--data', dataDir, '--spawner', 'swarm'];
    args.push('--pool-size', '0', '--image', swarmImage, '--max-sessions', '6');
    hub = await startHubProcess(args, env);
  });

  after(async () => {
    if (stoppedNode) await run('bash', [clusterScript, 'start-node', stoppedNode]);
    if (hub) await killHard(hub);
    const spawner = new SwarmSpawner({
      socketPath: managerSocket,
      image: swarmImage,
      preset: 'notebook6',
      instanceId,
      constraints: [],
      reservePercent: 100,
    });
    for (const server of await spawner.listOwned().catch(() => []))
      await spawner.stop(server.state).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('6 sessions land on at least 2 nodes, none past its capacity; the 7th queues', async () => {
    for (let i = 0; i < 7; i++) visitors.push(new Visitor(hub!.url, new URL(hub!.url).origin));
    for (const v of visitors.slice(0, 6))
      ids.push(String((await v.launch({ notebook: 'welcome.ipynb' })).json.id));
    await Promise.all(ids.map((id, i) => visitors[i]!.waitFor(id, 'ready', 240_000)));
    const seventh = await visitors[6]!.launch({ notebook: 'welcome.ipynb' });
    assert.equal(seventh.json.state, 'queued');

    const nodes = await Promise.all(ids.slice(0, 6).map(nodeOf));
    const perNode = new Map<string, number>();
    for (const node of nodes) perNode.set(nodeName(node), (perNode.get(nodeName(node)) ?? 0) + 1);
    assert.ok(perNode.size >= 2, `all on ${[...perNode.keys()].join(', ')}`);
    for (const node of nodes) {
      const capacity = Math.floor(
        (node.Description as { Resources: { NanoCPUs: number } }).Resources.NanoCPUs /
          (cpuPercent * 1e7),
      );
      assert.ok(perNode.get(nodeName(node))! <= capacity, `${nodeName(node)} past ${capacity}`);
    }
  });

  test('kill -9 of the hub: the restarted hub re-adopts the sessions on every node', async () => {
    const nodesBefore = new Set((await Promise.all(ids.slice(0, 6).map(nodeOf))).map(nodeName));
    await killHard(hub!);
    hub = await startHubProcess(args, env);
    for (const [i, id] of ids.slice(0, 6).entries()) {
      const endpoint: JupyterEndpoint = {
        url: `${hub.url}user/${id}/`,
        headers: visitors[i]!.headers(),
      };
      assert.equal((await executeCode(endpoint, '6*7')).trim(), '42', `session ${i + 1}`);
    }
    const nodesAfter = new Set((await Promise.all(ids.slice(0, 6).map(nodeOf))).map(nodeName));
    assert.deepEqual(nodesAfter, nodesBefore);
  });

  test("a worker's engine stops: its sessions end within the bound, slots go to the others", async (t) => {
    const nodes = await Promise.all(ids.slice(0, 6).map(nodeOf));
    const victim = nodes.find((n) => (n as { Spec?: { Role?: string } }).Spec?.Role === 'worker');
    assert.ok(victim, 'no session on a worker');
    const lost = ids.slice(0, 6).filter((_, i) => nodeName(nodes[i]!) === nodeName(victim));
    const name = nodeName(victim).replace(/^cnh-/, '');
    // A visitor waits for a slot (a restarted hub forgets its queue, so it joins now).
    const seventh = await visitors[6]!.launch({ notebook: 'welcome.ipynb' });
    assert.equal(seventh.json.state, 'queued');
    ids.push(String(seventh.json.id));
    stoppedNode = name;
    const stopping = Date.now();
    await run('bash', [clusterScript, 'stop-node', name]);
    // The node is lost once its engine has exited (it stops its containers on the way).
    const stoppedAt = Date.now();
    t.diagnostic(`stopping ${name}'s engine took ${stoppedAt - stopping} ms`);

    for (const id of lost) {
      const v = visitors[ids.indexOf(id)]!;
      const ended = await v.waitFor(id, 'ended', 120_000);
      assert.ok(
        ended.ended_reason === 'server-died' || ended.ended_reason === 'unresponsive',
        `ended as ${String(ended.ended_reason)}`,
      );
      // The bound is the hub's own: its end timestamp against the moment the engine had
      // exited (same machine clock). Up to one liveness interval before the first check,
      // then livenessFailures checks, each 2 s apart or its timeout when connections
      // hang, plus the culler's tick and the end itself; see README "Docker Swarm".
      const checkSeconds = Math.max(2, livenessTimeoutSeconds);
      const boundMs = (livenessFailures + 1) * checkSeconds * 1000 + 2_000;
      const tookMs = Date.parse(String(ended.ended_at)) - stoppedAt;
      t.diagnostic(
        `${id} ended (${String(ended.ended_reason)}) ${tookMs} ms after the node stopped`,
      );
      assert.ok(tookMs <= boundMs, `ended ${tookMs} ms after the node stopped (bound ${boundMs})`);
    }
    const docker = await requireSwarm();
    for (;;) {
      const state = ((await docker.getNode(victim.ID!).inspect()) as SwarmNode).Status?.State;
      if (state === 'down' || Date.now() - stoppedAt > 120_000) {
        t.diagnostic(`the manager saw ${name} ${state} after ${Date.now() - stoppedAt} ms`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // The freed slot goes to the queued visitor; its server lands on a node still up.
    await visitors[6]!.waitFor(ids[6]!, 'ready', 240_000);
    assert.notEqual(nodeName(await nodeOf(ids[6]!)), nodeName(victim));
    // A new launch goes elsewhere too (a slot is made free if the lost node held only one).
    if (lost.length < 2) {
      const survivor = ids.slice(0, 6).findIndex((id) => !lost.includes(id));
      await visitors[survivor]!.fetch(`api/sessions/${ids[survivor]}`, { method: 'DELETE' });
      await visitors[survivor]!.waitFor(ids[survivor]!, 'ended', 60_000);
    }
    const fresh = new Visitor(hub!.url, new URL(hub!.url).origin);
    const launched = await fresh.launch({ notebook: 'welcome.ipynb' });
    await fresh.waitFor(String(launched.json.id), 'ready', 240_000);
    assert.notEqual(nodeName(await nodeOf(String(launched.json.id))), nodeName(victim));
  });
});
