// deploy/swarm/stack.yml on the real 3-node test swarm (scripts/swarm/cluster.sh): the
// stack deploys from the registry's images, a visitor launches through the hub service and
// computes 6*7 over the kernel WebSocket; then sessions spread over the nodes, the hub's
// task is killed, Swarm starts a new one, and it re-adopts every live session on every
// node: the same services, the same servers (a kernel's variable survives), reachable
// through the new hub with the visitors' old cookies.
// Checked to fail without the stack's data volume: the new task's hub knows none of the
// sessions (404).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Visitor } from '../helpers/hub.js';
import { executeCode, startKernel, type JupyterEndpoint } from '../helpers/kernel.js';
import { HubStack } from './hub-stack.js';
import { swarmCluster } from './swarm-cluster-env.js';

let stack: HubStack;
let nodeNames: string[];

before(async () => {
  const cluster = await swarmCluster();
  stack = new HubStack({
    managerSocket: cluster.managerSocket,
    managerAddress: cluster.managerAddress,
    hubImage: cluster.hubImage,
    notebookImage: cluster.notebookImage,
    env: {
      HUB_POOL_SIZE: '0',
      HUB_MAX_SESSIONS: '12',
      HUB_MEMORY_LIMIT: '256M',
      // The stack's default is node.labels.notebooks==true; on the shared test swarm this
      // run's own label keeps other tests' nodes settings apart.
      HUB_SWARM_CONSTRAINTS: 'node.labels.swdp-notebooks==true',
    },
  });
  nodeNames = (await stack.docker.listNodes()).map((n) => String(n.Description?.Hostname));
  assert.equal(nodeNames.length, 3, `the test swarm has 3 nodes: ${nodeNames.join(', ')}`);
  await stack.label(cluster.managerNode, 'notebook-hub');
  for (const name of nodeNames) await stack.label(name, 'swdp-notebooks');
  await stack.deploy();
  await waitForHub(null);
});

after(async () => {
  await stack?.remove();
});

/** Waits until the hub answers /healthz from a task container other than `previous`. */
async function waitForHub(previous: string | null): Promise<string> {
  const deadline = Date.now() + 240_000;
  for (;;) {
    const container = await stack.hubContainer();
    if (container && container.Id !== previous) {
      const ok = await fetch(`${stack.url}healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return container.Id;
    }
    if (Date.now() > deadline)
      throw new Error(
        `the hub service does not answer ${stack.url}healthz:\n${await stack.logs()}`,
      );
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function launch(): Promise<{ visitor: Visitor; id: string; endpoint: JupyterEndpoint }> {
  const visitor = new Visitor(stack.url, new URL(stack.url).origin);
  const { status, json } = await visitor.launch({ notebook: 'welcome.ipynb' });
  assert.ok(status === 201 || status === 202, `${status} ${JSON.stringify(json)}`);
  const id = String(json.id);
  await visitor.waitFor(id, 'ready', 240_000);
  return { visitor, id, endpoint: { url: `${stack.url}user/${id}/`, headers: visitor.headers() } };
}

test('the stack deploys the hub on the manager and a visitor computes 6*7 through it', async () => {
  const hub = await stack.hubContainer();
  assert.ok(hub, 'the hub task runs on the manager labelled notebook-hub');
  const { id, endpoint } = await launch();
  const services = await stack.sessionServices();
  assert.ok(
    services.has(id),
    `the session is a Swarm service of this hub: ${[...services.keys()].join(', ')}`,
  );
  assert.equal((await executeCode(endpoint, '6*7', { timeoutMs: 120_000 })).trim(), '42');
});

test('a killed hub task is replaced, and the new hub re-adopts the sessions on every node', async () => {
  // Sessions until every node runs one (the scheduler prefers the least busy node).
  const sessions: Array<Awaited<ReturnType<typeof launch>> & { kernel: string }> = [];
  const nodesUsed = async () =>
    new Set([...(await stack.sessionServices()).values()].map((s) => s.nodeId));
  while ((await nodesUsed()).size < nodeNames.length) {
    assert.ok(sessions.length < 9, `9 sessions did not cover the ${nodeNames.length} nodes`);
    const s = await launch();
    const kernel = await startKernel(s.endpoint);
    assert.equal(
      await executeCode(s.endpoint, `x = ${sessions.length + 1}; print('set')`, {
        kernelId: kernel,
      }),
      'set\n',
    );
    sessions.push({ ...s, kernel });
  }
  const before = await stack.sessionServices();

  const old = await stack.hubContainer();
  assert.ok(old);
  await stack.docker.getContainer(old.Id).kill(); // SIGKILL: no shutdown, no cleanup
  await waitForHub(old.Id);

  for (const [i, s] of sessions.entries()) {
    const { status, json } = await s.visitor.session(s.id);
    assert.equal(status, 200);
    assert.equal(json.state, 'ready', `session ${s.id} after the restart: ${JSON.stringify(json)}`);
    // The same server: its kernel still holds x; reached through the new hub's proxy.
    const endpoint = { url: s.endpoint.url, headers: s.visitor.headers() };
    const out = await executeCode(endpoint, 'x*7', { kernelId: s.kernel, timeoutMs: 120_000 });
    assert.equal(out.trim(), String((i + 1) * 7));
  }
  const afterRestart = await stack.sessionServices();
  for (const [id, service] of before)
    assert.deepEqual(afterRestart.get(id), service, `session ${id} kept its service and node`);
  assert.equal(new Set([...afterRestart.values()].map((s) => s.nodeId)).size, nodeNames.length);
});
