// The hub image as images/hub/build.sh made it: `--help`, its OCI labels, tini as PID 1
// and the healthcheck; the README's `docker run` (host network, NET_ADMIN, the Docker
// socket, a volume) serves a launch whose kernel computes 6*7, and `docker stop` ends it
// by SIGTERM, not SIGKILL; without NET_ADMIN every launch is refused (sessions never run
// unfenced).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { createDockerClient, pingDocker } from '../../src/spawners/docker/docker-client.js';
import { bridgeInterfaceName, labelKeys } from '../../src/spawners/docker/docker-names.js';
import { iptablesRunner, removeNetworkGuard } from '../../src/spawners/docker/network-guard.js';
import { instanceIdFor } from '../../src/spawners/local/instance-id.js';
import { Visitor } from '../helpers/hub.js';
import { freePort } from '../helpers/hub-process.js';
import { executeCode } from '../helpers/kernel.js';

const exec = promisify(execFile);
const image = 'ckan-notebook-hub:latest';
const run = `cnh-image-${randomBytes(4).toString('hex')}`;
const dataDir = `/var/lib/${run}`;
let docker: Docker;
let port: number;

before(async () => {
  docker = createDockerClient('/var/run/docker.sock');
  await pingDocker(docker, 5_000);
  await docker
    .getImage(image)
    .inspect()
    .catch(() => {
      throw new Error(`the image ${image} is missing: run images/hub/build.sh first`);
    });
  port = await freePort();
});

after(async () => {
  await docker
    .getContainer(run)
    .remove({ force: true })
    .catch(() => undefined);
  const sessions = await docker.listContainers({
    all: true,
    filters: { label: [`${labelKeys.hubInstance}=${instanceIdFor(dataDir)}`] },
  });
  for (const c of sessions) await docker.getContainer(c.Id).remove({ force: true });
  await removeNetworkGuard(bridgeInterfaceName(run), iptablesRunner()).catch(() => undefined);
  await docker
    .getNetwork(run)
    .remove()
    .catch(() => undefined);
  await docker
    .getVolume(run)
    .remove()
    .catch(() => undefined);
});

test('`docker run --rm <image> --help` prints the CLI help', async () => {
  const { stdout } = await exec('docker', ['run', '--rm', '--network', 'none', image, '--help']);
  for (const flag of ['--port', '--data', '--spawner']) assert.ok(stdout.includes(flag), flag);
});

test('labels, entrypoint, healthcheck and user', async () => {
  const { Config } = await docker.getImage(image).inspect();
  const labels = Config.Labels ?? {};
  assert.equal(labels['org.opencontainers.image.title'], 'ckan-notebook-hub');
  assert.match(labels['org.opencontainers.image.version'] ?? '', /^\d+\.\d+\.\d+/);
  assert.equal(labels['org.opencontainers.image.licenses'], 'GPL-3.0-or-later');
  assert.deepEqual(Config.Entrypoint, ['/usr/bin/tini', '--', 'ckan-notebook-hub']);
  assert.match(Config.Healthcheck?.Test?.join(' ') ?? '', /healthcheck\.mjs/);
});

/** `docker run -d` of the README's command, with a port, network and data path of its own. */
async function runHub(capabilities: string[]): Promise<string> {
  await exec('docker', [
    'run',
    '-d',
    '--name',
    run,
    '--network',
    'host',
    ...capabilities.flatMap((c) => ['--cap-add', c]),
    '-v',
    '/var/run/docker.sock:/var/run/docker.sock',
    '-v',
    `${run}:${dataDir}`,
    '-e',
    `HUB_PUBLIC_URL=http://127.0.0.1:${port}/`,
    '-e',
    `HUB_PORT=${port}`,
    '-e',
    'HUB_ADMIN_PORT=0', // host network: the default 8001 may be taken by another test
    '-e',
    `HUB_DATA_DIR=${dataDir}`,
    '-e',
    `HUB_DOCKER_NETWORK=${run}`,
    '-e',
    'HUB_POOL_SIZE=0',
    image,
  ]);
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  while ((await httpStatus(`${url}healthz`)) === 0) {
    assert.ok(Date.now() < deadline, `the hub does not answer:\n${await logs()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return url;
}

const httpStatus = (url: string) =>
  fetch(url).then(
    (r) => r.status,
    () => 0,
  );

const logs = async () => {
  const { stdout, stderr } = await exec('docker', ['logs', run]);
  return stdout + stderr;
};

test('without NET_ADMIN the firewall rules cannot be set, and launches are refused', async () => {
  const url = await runHub([]);
  const visitor = new Visitor(url, new URL(url).origin);
  const { status, json } = await visitor.launch({ notebook: 'welcome.ipynb' });
  assert.equal(status, 503, JSON.stringify(json));
  assert.equal(json.error, 'spawner_unavailable');
  assert.match(String(json.message), /iptables/);
  assert.equal((await docker.listContainers({ filters: { network: [run] } })).length, 0);
  await docker.getContainer(run).remove({ force: true });
});

test("the README's docker run serves a launch; docker stop ends it by SIGTERM", async () => {
  const url = await runHub(['NET_ADMIN']);
  assert.equal(await httpStatus(`${url}healthz`), 200);
  // PID 1 is tini, the hub its child; the healthcheck command passes.
  const pid1 = await exec('docker', ['exec', run, 'cat', '/proc/1/cmdline']);
  assert.match(pid1.stdout, /^\/usr\/bin\/tini\0--\0/);
  await exec('docker', ['exec', run, 'node', '/usr/local/lib/ckan-notebook-hub/healthcheck.mjs']);

  const visitor = new Visitor(url, new URL(url).origin);
  const { status, json } = await visitor.launch({ notebook: 'welcome.ipynb' });
  assert.ok(status === 201 || status === 202, `${status} ${JSON.stringify(json)}`);
  const id = String(json.id);
  await visitor.waitFor(id, 'ready', 120_000);
  const endpoint = { url: `${url}user/${id}/`, headers: visitor.headers() };
  assert.equal((await executeCode(endpoint, '6*7')).trim(), '42');
  assert.equal((await visitor.fetch(`api/sessions/${id}`, { method: 'DELETE' })).ok, true);

  await exec('docker', ['stop', run]);
  const { State } = await docker.getContainer(run).inspect();
  // 137 would mean Docker had to SIGKILL it when the stop timeout ran out.
  assert.equal(State.ExitCode, 0, await logs());
});
