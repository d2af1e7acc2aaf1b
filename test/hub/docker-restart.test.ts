// kill -9 of the hub with 3 live Docker sessions, then a restart on the same port and
// data folder: all 3 are reachable at their URLs again.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createDockerSpawner } from '../../src/spawners/docker/create-docker-spawner.js';
import { bridgeInterfaceName } from '../../src/spawners/docker/docker-names.js';
import { iptablesRunner, removeNetworkGuard } from '../../src/spawners/docker/network-guard.js';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/log.js';
import { freePort, killHard, startHubProcess, type HubProcess } from '../helpers/hub-process.js';
import { Visitor } from '../helpers/hub.js';
import { executeCode } from '../helpers/kernel.js';
import { requireDocker, testImage } from '../spawners/docker-harness.js';

const dataDir = mkdtempSync(join(tmpdir(), 'cnh-docker-restart-'));
chmodSync(dataDir, 0o711);
const network = `cnh-rst-${randomBytes(4).toString('hex')}`;
let hub: HubProcess | undefined;

after(async () => {
  if (hub) await killHard(hub);
  const config = loadConfig({
    overrides: { dockerNetwork: network, dockerImage: testImage, dataDir },
  });
  const spawner = createDockerSpawner(config, dataDir, silentLogger);
  for (const server of await spawner.listOwned().catch(() => [])) await spawner.stop(server.state);
  await spawner.close();
  await removeNetworkGuard(bridgeInterfaceName(network), iptablesRunner()).catch(() => {});
  const docker = await requireDocker();
  await docker
    .getNetwork(network)
    .remove()
    .catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
});

test('3 live Docker sessions survive kill -9 of the hub', async () => {
  await requireDocker();
  const port = await freePort();
  const args = [
    '--port',
    String(port),
    '--data',
    dataDir,
    '--spawner',
    'docker',
    '--pool-size',
    '0',
    '--image',
    testImage,
  ];
  const env = { HUB_ADMIN_TOKEN: 'docker-restart-admin-token', HUB_DOCKER_NETWORK: network };
  hub = await startHubProcess(args, env);
  const origin = new URL(hub.url).origin;
  const visitors = [0, 1, 2].map(() => new Visitor(hub!.url, origin));
  const ids: string[] = [];
  for (const v of visitors)
    ids.push(String((await v.launch({ notebook: 'welcome.ipynb' })).json.id));
  await Promise.all(visitors.map((v, i) => v.waitFor(ids[i]!, 'ready', 120_000)));

  await killHard(hub);
  hub = await startHubProcess(args, env);
  for (const [i, v] of visitors.entries()) {
    const out: string = await executeCode(
      { url: `${hub.url}user/${ids[i]}/`, headers: v.headers() },
      '6*7',
    );
    assert.equal(out.trim(), '42', `session ${i + 1} reachable at its URL after the restart`);
  }
});
