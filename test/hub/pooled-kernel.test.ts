/**
 * The pooled server's pre-started kernel (README "Warm pool"), on both spawners, against
 * real Jupyter servers through the real proxy:
 * - a pooled session's page (a client doing what Notebook 6's page does: POST
 *   api/sessions for its path, then the kernel's channels) gets the pre-started kernel,
 *   with the pre-imports loaded and nothing in the visitor's namespace, in the notebook's
 *   folder (the example CSV reads by its relative name), and no second kernel is started;
 * - the kernel is gone with the session (its server is), and the next session gets
 *   another kernel;
 * - the pool still holds a slot of max_sessions (max_sessions 1: the pool does not refill
 *   while the hand-out's session lives);
 * - the idle timeout ends a session whose pre-started kernel was never used.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, test } from 'node:test';
import Docker from 'dockerode';
import { bridgeInterfaceName, labelKeys } from '../../src/spawners/docker/docker-names.js';
import { iptablesRunner, removeNetworkGuard } from '../../src/spawners/docker/network-guard.js';
import { startTestHub, type TestHub, type Visitor } from '../helpers/hub.js';
import { executeCode, type JupyterEndpoint } from '../helpers/kernel.js';
import { requireDocker, testImage } from '../spawners/docker-harness.js';

const networks: string[] = [];
after(async () => {
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  for (const name of networks) {
    await removeNetworkGuard(bridgeInterfaceName(name), iptablesRunner()).catch(() => {});
    await docker
      .getNetwork(name)
      .remove()
      .catch(() => {});
  }
});

const notebook = 'ocean-temperatures/plot-temperatures.ipynb';
const file = 'plot-temperatures.ipynb';

async function hubOn(spawner: 'local' | 'docker', extra: Record<string, unknown>) {
  if (spawner === 'local') return startTestHub({ poolSize: 1, ...extra });
  await requireDocker();
  const network = `cnh-pk-${randomBytes(4).toString('hex')}`;
  networks.push(network);
  return startTestHub({
    spawner: 'docker',
    dockerImage: testImage,
    dockerNetwork: network,
    poolSize: 1,
    ...extra,
  });
}

/** The ready pooled server and its pre-started kernel. */
async function pooledKernel(hub: TestHub): Promise<{ id: string; kernelId: string }> {
  const pool = hub.hub.manager.pool!;
  const deadline = Date.now() + 180_000;
  for (;;) {
    const [id] = pool.answeringIds();
    if (id) {
      const kernelId = pool.kernelOf(id);
      assert.ok(kernelId, 'a ready pooled server has a pre-started kernel');
      return { id, kernelId };
    }
    assert.ok(Date.now() < deadline, 'the pool never had a ready server');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function launched(hub: TestHub, visitor: Visitor, pooledId: string): Promise<string> {
  const { status, json } = await visitor.launch({ notebook });
  assert.equal(status, 201, JSON.stringify(json));
  assert.equal(json.id, pooledId, 'the launch was a hand-out of the pooled server');
  await visitor.waitFor(pooledId, 'ready', 120_000);
  return pooledId;
}

async function getJson(endpoint: JupyterEndpoint, path: string, init: RequestInit = {}) {
  const response = await fetch(new URL(path, endpoint.url), {
    ...init,
    headers: { ...endpoint.headers, 'content-type': 'application/json' },
  });
  assert.ok(response.ok, `${path} answered ${response.status}`);
  return (await response.json()) as unknown;
}

interface JupyterSession {
  path: string;
  kernel: { id: string };
}

for (const spawner of ['local', 'docker'] as const) {
  test(`a pooled session's page gets the pre-started kernel, and it ends with the session (${spawner})`, async () => {
    const hub = await hubOn(spawner, { maxSessions: 1 });
    try {
      const { id, kernelId } = await pooledKernel(hub);
      const visitor = hub.visitor();
      await launched(hub, visitor, id);
      const page = { url: `${hub.url}user/${id}/`, headers: visitor.headers() };

      // What the notebook page asks first: the session for its path.
      const listed = (await getJson(page, 'api/sessions')) as JupyterSession[];
      assert.deepEqual(
        listed.map((s) => [s.path, s.kernel.id]),
        [[file, kernelId]],
      );
      const body = { path: file, type: 'notebook', name: '', kernel: { name: 'python3' } };
      const asked = (await getJson(page, 'api/sessions', {
        method: 'POST',
        body: JSON.stringify(body),
      })) as JupyterSession;
      assert.equal(asked.kernel.id, kernelId, "the page's session request gets the warm kernel");

      const out = await executeCode(
        page,
        [
          'import sys, os, pandas as pd',
          "print(6*7, 'matplotlib.pyplot' in sys.modules, 'matplotlib' in globals())",
          "print(len(pd.read_csv('temperatures.csv')) > 0, os.path.basename(os.getcwd()))",
        ].join('\n'),
        { kernelId },
      );
      const [first, second] = out.trim().split('\n');
      assert.equal(first, '42 True False', 'pre-imported, and the namespace left empty');
      assert.match(second!, /^True /, "the kernel runs in the notebook's folder");
      const kernels = (await getJson(page, 'api/kernels')) as Array<{ id: string }>;
      assert.deepEqual(
        kernels.map((k) => k.id),
        [kernelId],
        'no second kernel was started',
      );

      // max_sessions 1: the session holds the slot the pool had; the pool does not refill.
      hub.hub.manager.pool!.refill();
      assert.equal(hub.hub.manager.pool!.held(), 0, 'the pool holds no slot beyond max_sessions');

      const state = hub.hub.manager.live.get(id)!.record.spawnerState!;
      await hub.hub.manager.end(id, 'visitor');
      const status = await hub.hub.manager.deps.spawner.poll(state);
      assert.equal(status.running, false, "the session's server, and its kernel, are gone");
      if (spawner === 'docker') {
        const left = await new Docker({ socketPath: '/var/run/docker.sock' }).listContainers({
          all: true,
          filters: { label: [`${labelKeys.sessionId}=${id}`] },
        });
        assert.deepEqual(left, [], 'the container is removed');
      }
      const unreachable = await fetch(new URL('api/kernels', page.url), {
        headers: page.headers,
        redirect: 'manual',
      });
      assert.notEqual(unreachable.status, 200, 'the ended session no longer reaches a kernel');

      // The pool refills; the next session gets a kernel of its own.
      const next = await pooledKernel(hub);
      assert.notEqual(next.id, id);
      assert.notEqual(next.kernelId, kernelId);
      const other = hub.visitor();
      await launched(hub, other, next.id);
      const nextPage = { url: `${hub.url}user/${next.id}/`, headers: other.headers() };
      const nextKernels = (await getJson(nextPage, 'api/kernels')) as Array<{ id: string }>;
      assert.deepEqual(
        nextKernels.map((k) => k.id),
        [next.kernelId],
      );
    } finally {
      await hub.close();
    }
  });
}

for (const spawner of ['local', 'docker'] as const) {
  test(`the idle timeout ends a session whose pre-started kernel was never used (${spawner})`, async () => {
    const hub = await hubOn(spawner, { idleTimeoutSeconds: 5, maxLifetimeSeconds: 600 });
    try {
      const { id, kernelId } = await pooledKernel(hub);
      const visitor = hub.visitor();
      await launched(hub, visitor, id);
      const record = hub.hub.manager.live.get(id)!.record;
      const server = {
        url: new URL(hub.hub.manager.baseUrl(id), record.target!).href,
        headers: { authorization: `token ${record.token}` },
      };
      const sessions = (await getJson(server, 'api/sessions')) as JupyterSession[];
      assert.equal(sessions[0]?.kernel.id, kernelId, 'the pre-started kernel is bound');
      const ended = await visitor.waitFor(id, 'ended', 90_000);
      assert.equal(ended.ended_reason, 'idle');
    } finally {
      await hub.close();
    }
  });
}
