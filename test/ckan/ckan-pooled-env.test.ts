/**
 * A session handed a pre-started (pooled) server gets the notebook's environment, as a
 * cold-started one does (its kernel's os.environ), on both spawners: the pre-started
 * kernel gets it at hand-out, and kernels started later read the hand-out's IPython
 * start-up file from where pooled servers' IPYTHONDIR points.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { bridgeInterfaceName } from '../../src/spawners/docker/docker-names.js';
import { iptablesRunner, removeNetworkGuard } from '../../src/spawners/docker/network-guard.js';
import { FakeCkan } from '../fakes/ckan-server.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { executeCode } from '../helpers/kernel.js';
import { requireDocker, testImage } from '../spawners/docker-harness.js';
import { ticketSecret } from './ckan-harness.js';

const network = `cnh-penv-${randomBytes(4).toString('hex')}`;
let ckan: FakeCkan;
before(async () => {
  ckan = await FakeCkan.start();
});
after(async () => {
  await ckan.close();
  await removeNetworkGuard(bridgeInterfaceName(network), iptablesRunner()).catch(() => {});
  const docker = await requireDocker().catch(() => null);
  await docker
    ?.getNetwork(network)
    .remove()
    .catch(() => {});
});

async function untilPooled(hub: TestHub): Promise<string> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const [id] = hub.hub.manager.pool?.answeringIds() ?? [];
    if (id) return id;
    if (Date.now() > deadline) throw new Error('the pool never had a ready server');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

for (const spawner of ['local', 'docker'] as const) {
  test(`a pooled session gets CKAN_SITE_URL, CKAN_DATASET_ID and CKAN_RESOURCE_ID (${spawner})`, async () => {
    if (spawner === 'docker') await requireDocker();
    const hub = await startTestHub({
      ckanUrl: ckan.url,
      ckanApiToken: ckan.tokens.sysadmin,
      ticketSecret,
      poolSize: 1,
      ...(spawner === 'docker'
        ? { spawner: 'docker', dockerImage: testImage, dockerNetwork: network }
        : {}),
    });
    try {
      const pooledId = await untilPooled(hub);
      const visitor = hub.visitor();
      const { status, json } = await visitor.launch({ resource_id: ckan.ids.uploadNotebook });
      assert.equal(status, 201, JSON.stringify(json));
      assert.equal(json.id, pooledId, 'the launch was a hand-out of the pooled server');
      await visitor.waitFor(pooledId, 'ready', 120_000);
      const page = { url: `${hub.url}user/${pooledId}/`, headers: visitor.headers() };
      const sessions = (await (
        await fetch(`${page.url}api/sessions`, { headers: page.headers })
      ).json()) as Array<{ kernel: { id: string } }>;
      const warm = sessions[0]?.kernel.id;
      assert.ok(warm, 'the pre-started kernel is bound to the notebook');
      const code =
        "import os, json\nprint(json.dumps({k: os.environ.get(k) for k in ['CKAN_SITE_URL', 'CKAN_DATASET_ID', 'CKAN_RESOURCE_ID']}))";
      // What a cold start passes to the spawner as the server's environment: in the
      // pre-started kernel (set at hand-out) and in a kernel started later (start-up file).
      const expected = {
        CKAN_SITE_URL: ckan.origin,
        CKAN_DATASET_ID: ckan.ids.publicDataset,
        CKAN_RESOURCE_ID: ckan.ids.uploadNotebook,
      };
      assert.deepEqual(JSON.parse(await executeCode(page, code, { kernelId: warm })), expected);
      assert.deepEqual(JSON.parse(await executeCode(page, code)), expected);
    } finally {
      await hub.close();
    }
  });
}
