/**
 * A hub that must not start says why, exits non-zero and changes nothing:
 * - a second hub on a data folder in use (local and Docker spawners): it names the
 *   holder (PID and host); the first hub's sessions, servers and pooled containers are
 *   untouched and still answer;
 * - a weak cookie secret, or a secret file other users can read (given, or kept in the
 *   data folder).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { labelKeys, bridgeInterfaceName } from '../../src/spawners/docker/docker-names.js';
import { instanceIdFor } from '../../src/spawners/local/instance-id.js';
import { iptablesRunner, removeNetworkGuard } from '../../src/spawners/docker/network-guard.js';
import { startHubProcess } from '../helpers/hub-process.js';
import { startTestHub } from '../helpers/hub.js';
import { executeCode } from '../helpers/kernel.js';
import { requireDocker, testImage } from '../spawners/docker-harness.js';

const folders: string[] = [];
after(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});
const newDataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cnh-refuse-'));
  folders.push(dir);
  return dir;
};

/** Starts the real entry point; resolves to its exit code and output, as it must not start. */
async function refusedStart(args: string[], env: Record<string, string> = {}) {
  const error = await startHubProcess(['--port', '0', ...args], {
    HUB_ADMIN_TOKEN: 'refusal-test-admin-token',
    ...env,
  }).then(
    () => assert.fail('the hub started'),
    (e: Error) => e.message,
  );
  const code = Number(/hub exited with (\d+)/.exec(error)?.[1]);
  return { code, output: error };
}

test('a second hub on the same folder (local) refuses and touches nothing', async () => {
  const dataDir = newDataDir();
  const hub = await startTestHub({}, { dataDir, keepData: true });
  try {
    const visitor = hub.visitor();
    const id = String((await visitor.launch({ notebook: 'welcome.ipynb' })).json.id);
    await visitor.waitFor(id, 'ready');
    const holderFile = join(dataDir, 'state', 'hub.lock.holder');
    const holderBefore = readFileSync(holderFile, 'utf8');
    const storeMtime = statSync(join(dataDir, 'state', 'hub.sqlite')).mtimeMs;

    const { code, output } = await refusedStart(['--data', dataDir, '--spawner', 'local']);
    assert.equal(code, 3, output);
    assert.ok(output.includes(`the data folder ${dataDir} is in use by another hub`), output);
    assert.ok(output.includes(`PID ${process.pid} on host ${hostname()}`), output);

    assert.equal(readFileSync(holderFile, 'utf8'), holderBefore);
    assert.equal(statSync(join(dataDir, 'state', 'hub.sqlite')).mtimeMs, storeMtime);
    assert.equal(hub.hub.manager.live.get(id)?.record.state, 'ready');
    const endpoint = { url: `${hub.url}user/${id}/`, headers: visitor.headers() };
    assert.equal((await executeCode(endpoint, '6*7')).trim(), '42');
  } finally {
    await hub.close();
  }
});

test('a second hub on the same folder (Docker) leaves the first hub’s containers alone', async () => {
  const docker = await requireDocker();
  const dataDir = newDataDir();
  const network = `cnh-lock-${randomBytes(4).toString('hex')}`;
  const settings = { dockerImage: testImage, dockerNetwork: network };
  const hub = await startTestHub(
    { spawner: 'docker', poolSize: 1, ...settings },
    { dataDir, keepData: true },
  );
  const running = async () =>
    (
      await docker.listContainers({
        filters: { label: [`${labelKeys.hubInstance}=${instanceIdFor(dataDir)}`] },
      })
    )
      .map((c) => `${c.Id} ${c.State}`)
      .sort();
  try {
    const visitor = hub.visitor();
    const id = String((await visitor.launch({ notebook: 'welcome.ipynb' })).json.id);
    await visitor.waitFor(id, 'ready', 120_000);
    const deadline = Date.now() + 120_000;
    while (hub.hub.manager.pool!.answeringIds().length < 1) {
      assert.ok(Date.now() < deadline, 'the pool never filled');
      await new Promise((r) => setTimeout(r, 200));
    }
    const before = await running();
    assert.equal(before.length, 2, 'the session and the pooled server');

    const { code, output } = await refusedStart(['--data', dataDir, '--spawner', 'docker'], {
      HUB_DOCKER_IMAGE: testImage,
      HUB_DOCKER_NETWORK: network,
      HUB_POOL_SIZE: '1',
    });
    assert.equal(code, 3, output);
    assert.ok(output.includes(`PID ${process.pid} on host ${hostname()}`), output);

    assert.deepEqual(await running(), before);
    assert.equal(hub.hub.manager.pool!.answeringIds().length, 1);
    const endpoint = { url: `${hub.url}user/${id}/`, headers: visitor.headers() };
    assert.equal((await executeCode(endpoint, '6*7')).trim(), '42');
  } finally {
    await hub.close();
    await removeNetworkGuard(bridgeInterfaceName(network), iptablesRunner()).catch(() => {});
    await docker
      .getNetwork(network)
      .remove()
      .catch(() => {});
  }
});

test('a weak cookie secret stops the start, naming the variable', async () => {
  const { code, output } = await refusedStart(['--data', newDataDir()], {
    HUB_COOKIE_SECRET: 'a',
  });
  assert.equal(code, 2, output);
  assert.match(output, /env HUB_COOKIE_SECRET: is 1 bytes long; a key must be at least 32 bytes/);
});

test('a secret file other users can read stops the start, naming the file', async () => {
  const dir = newDataDir();
  const given = join(dir, 'ticket-secret');
  writeFileSync(given, `${'t'.repeat(40)}\n`, { mode: 0o644 });
  chmodSync(given, 0o644);
  const first = await refusedStart(['--data', join(dir, 'data')], {
    HUB_TICKET_SECRET_FILE: given,
  });
  assert.equal(first.code, 2, first.output);
  assert.ok(first.output.includes(`${given} is open to other users (mode 0644)`), first.output);

  // A secret the hub keeps in its data folder, opened up by someone since.
  const dataDir = newDataDir();
  const hub = await startTestHub({}, { dataDir, keepData: true });
  await hub.close();
  const kept = join(dataDir, 'secrets', 'cookie-secret');
  chmodSync(kept, 0o644);
  const second = await refusedStart(['--data', dataDir]);
  assert.equal(second.code, 2, second.output);
  assert.ok(second.output.includes(`chmod 600 ${kept}`), second.output);
});
