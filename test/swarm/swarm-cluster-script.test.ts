/**
 * scripts/swarm/cluster.sh on the real cluster: `up` is idempotent and repairs a half state
 * (a worker's engine stopped; a worker that left the swarm), and `env` names what the tests
 * use. Runs with the other swarm files (one at a time): it stops and restarts sw3's engine.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { before, describe, test } from 'node:test';
import { requireSwarm, swarmCluster, type SwarmClients } from './swarm-cluster.js';

const run = promisify(execFile);
const script = join(import.meta.dirname, '..', '..', 'scripts', 'swarm', 'cluster.sh');
const cluster = async (...args: string[]) =>
  (await run('bash', [script, ...args], { timeout: 600_000 })).stdout;

describe('swarm cluster script', () => {
  let swarm: SwarmClients;
  const nodeIds = async () =>
    new Map((await swarm.manager.listNodes()).map((n) => [n.Description.Hostname, n.ID]));

  before(async () => {
    swarm = await requireSwarm();
  });

  test('up on a running cluster changes nothing and prints the environment', async () => {
    const ids = await nodeIds();
    const out = await cluster('up');
    assert.match(out, /^export CNH_SWARM_MANAGER=unix:\/\/\/run\/cnh-swarm\/sw1\.sock$/m);
    assert.match(
      out,
      new RegExp(`^export CNH_SWARM_NOTEBOOK_IMAGE=${swarmCluster.notebookImage}$`, 'm'),
    );
    assert.deepEqual(await nodeIds(), ids);
  });

  test('up brings back a stopped worker engine, which is Ready again with the same id', async () => {
    const before = await nodeIds();
    await cluster('stop-node', 'sw3');
    await assert.rejects(swarm.node('sw3').ping());
    await cluster('up');
    await swarm.node('sw3').ping();
    const nodes = await swarm.manager.listNodes();
    assert.ok(
      nodes.every((n) => n.Status.State === 'ready'),
      JSON.stringify(nodes.map((n) => n.Status)),
    );
    assert.deepEqual(await nodeIds(), before);
  });

  test('up rejoins a worker that left the swarm, and drops its old entry', async () => {
    const oldId = (await nodeIds()).get('cnh-sw3');
    await swarm.node('sw3').swarmLeave({ force: true });
    await cluster('up');
    const nodes = await swarm.manager.listNodes();
    const sw3 = nodes.filter((n) => n.Description.Hostname === 'cnh-sw3');
    assert.equal(sw3.length, 1, 'one entry for cnh-sw3');
    assert.notEqual(sw3[0]!.ID, oldId);
    assert.equal(sw3[0]!.Status.State, 'ready');
    assert.equal(sw3[0]!.Spec.Labels?.['cnh-swarm.node'], 'sw3');
  });
});
