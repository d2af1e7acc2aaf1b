// kill -9 of the hub with live sessions, then a restart on the same port and data folder:
// a live session is re-adopted (same URL works), a session whose server died meanwhile is
// ended (never routed), and a server the store does not know is stopped.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { LocalSpawner } from '../../src/spawners/local/local-spawner.js';
import { freePort, killHard, startHubProcess, type HubProcess } from '../helpers/hub-process.js';
import { Visitor } from '../helpers/hub.js';
import { executeCode } from '../helpers/kernel.js';

const dataDir = mkdtempSync(join(tmpdir(), 'cnh-restart-'));
chmodSync(dataDir, 0o711);
const spawner = new LocalSpawner({ pythonPath: '/usr/bin/python3', uid: 64000, dataDir });
let hub: HubProcess | undefined;

after(async () => {
  if (hub) await killHard(hub);
  for (const server of await spawner.listOwned()) await spawner.stop(server.state);
  rmSync(dataDir, { recursive: true, force: true });
});

test('sessions survive kill -9 of the hub; dead ones end; orphans are removed', async () => {
  const port = await freePort();
  const args = [
    '--port',
    String(port),
    '--data',
    dataDir,
    '--spawner',
    'local',
    '--notebooks',
    'examples/notebooks',
  ];
  const env = {
    HUB_ADMIN_TOKEN: 'restart-test-admin-token',
    HUB_POOL_SIZE: '0',
    HUB_CULL_INTERVAL_MS: '250',
  };
  hub = await startHubProcess(args, env);
  const url = hub.url;
  const origin = new URL(url).origin;
  const survivor = new Visitor(url, origin);
  const victim = new Visitor(url, origin);
  const survivorId = String((await survivor.launch({ notebook: 'welcome.ipynb' })).json.id);
  const victimId = String((await victim.launch({ notebook: 'welcome.ipynb' })).json.id);
  await survivor.waitFor(survivorId, 'ready');
  await victim.waitFor(victimId, 'ready');
  const endpoint = () => ({ url: `${url}user/${survivorId}/`, headers: survivor.headers() });
  assert.equal((await executeCode(endpoint(), '6*7')).trim(), '42');

  await killHard(hub);
  const owned = await spawner.listOwned();
  const victimServer = owned.find((s) => s.sessionId === victimId);
  assert.ok(
    victimServer && owned.some((s) => s.sessionId === survivorId),
    'servers outlive the hub',
  );
  await spawner.stop(victimServer.state);
  const orphan = await spawner.start(
    {
      sessionId: 'f'.repeat(24),
      baseUrl: `/user/${'f'.repeat(24)}/`,
      token: 'orphan-token',
      limits: { cpuPercent: 50, memoryBytes: 512 * 1024 ** 2, pidsLimit: 128 },
      env: {},
      filesDir: null,
    },
    AbortSignal.timeout(30_000),
  );

  hub = await startHubProcess(args, env);
  assert.equal(hub.url, url, 'same address');
  assert.equal((await executeCode(endpoint(), '6*7')).trim(), '42', 'the same URL works again');
  const { json: victimView } = await victim.session(victimId);
  assert.equal(victimView.state, 'ended');
  assert.equal(victimView.ended_reason, 'server-died');
  assert.equal((await victim.fetch(`user/${victimId}/tree`)).status, 404);
  assert.equal((await spawner.poll(orphan.state)).running, false, 'the orphan was stopped');
  const remaining = (await spawner.listOwned()).filter((s) => s.running).map((s) => s.sessionId);
  assert.deepEqual(remaining, [survivorId]);
});
