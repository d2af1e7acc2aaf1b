// deploy/compose/ for real: the hub image and the notebook image, with the compose file
// as committed (CKAN's, PostgreSQL's, Solr's, Redis's and DataPusher's images replaced
// by stand-ins of the same name, network and port: stand-ins.yml). A visitor launches a
// CKAN notebook through the hub container and runs code; from inside the session the
// hub's admin API, the ckan and db services, the Docker host, the metadata address and
// another session are unreachable; `down` + `up` re-adopts the live sessions; `stop hub`
// ends the hub by SIGTERM within the stop timeout, not by SIGKILL.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { after, before, test } from 'node:test';
import type Docker from 'dockerode';
import { createDockerClient, pingDocker } from '../../src/spawners/docker/docker-client.js';
import { CkanWorld } from '../fakes/ckan-world.js';
import { Visitor } from '../helpers/hub.js';
import { executeCode } from '../helpers/kernel.js';
import { ComposeProject, hubImage } from './compose-project.js';

const notebookImage = 'ckan-notebook-hub/notebook:latest';
const world = new CkanWorld('http://127.0.0.1:5000');
let docker: Docker;
let project: ComposeProject;
let visitor: Visitor;
let sessionId: string;

before(async () => {
  docker = createDockerClient('/var/run/docker.sock');
  await pingDocker(docker, 5_000);
  for (const [image, how] of [
    [hubImage, 'images/hub/build.sh'],
    [notebookImage, 'images/notebook/build.sh'],
  ]) {
    await docker
      .getImage(image!)
      .inspect()
      .catch(() => {
        throw new Error(`the image ${image} is missing: run ${how} first`);
      });
  }
  project = new ComposeProject(docker);
  await project.create(world.tokens.sysadmin);
  await project.compose('up', '-d');
  await hubAnswers();
  visitor = new Visitor(project.hubUrl, new URL(project.hubUrl).origin);
});

after(async () => {
  await project?.destroy();
});

async function hubAnswers(): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const status = await fetch(`${project.hubUrl}healthz`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    assert.ok(Date.now() < deadline, `the hub does not answer:\n${await hubLogs()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const hubLogs = () => project.compose('logs', '--no-color', 'hub').catch((e: Error) => e.message);

async function launch(who: Visitor, body: Record<string, unknown>): Promise<string> {
  const { status, json } = await who.launch(body);
  assert.ok(status === 201 || status === 202, `${status} ${JSON.stringify(json)}`);
  await who.waitFor(String(json.id), 'ready', 120_000);
  return String(json.id);
}

const endpoint = (who: Visitor, id: string) => ({
  url: `${project.hubUrl}user/${id}/`,
  headers: who.headers(),
});

/** Whether a TCP connection to host:port opens from here (the Docker host). */
function opensFromHost(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 5_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

test('a visitor launches a CKAN notebook through the hub container and runs code', async () => {
  const hub = await project.service('hub');
  assert.equal(hub.HostConfig.NetworkMode, 'host');
  assert.ok(hub.HostConfig.CapAdd?.includes('NET_ADMIN'));
  sessionId = await launch(visitor, { resource_id: world.ids.uploadNotebook });
  assert.equal((await executeCode(endpoint(visitor, sessionId), '6*7')).trim(), '42');
  const sessions = await project.sessions();
  const container = sessions.get(sessionId);
  assert.ok(container, 'the session runs in a container of this hub instance');
  assert.deepEqual(Object.keys(container.NetworkSettings.Networks), [project.network]);
});

test('from inside a session: admin API, ckan, db, Docker host, metadata and another session are unreachable', async () => {
  const other = new Visitor(project.hubUrl, new URL(project.hubUrl).origin);
  const otherId = await launch(other, { notebook: 'welcome.ipynb' });
  const sessions = await project.sessions();
  const own = sessions.get(sessionId)!.NetworkSettings.Networks[project.network]!;
  const otherIp = sessions.get(otherId)!.NetworkSettings.Networks[project.network]!.IPAddress;
  const ipsOf = async (service: string) =>
    Object.values((await project.service(service)).NetworkSettings.Networks).map(
      (n) => n.IPAddress,
    );
  const hostIps = [
    own.Gateway,
    ...Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && a.family === 'IPv4' && !a.internal)
      .map((a) => a!.address),
  ];
  const targets: [string, string, number][] = [
    ...[...new Set(hostIps)].map((ip): [string, string, number] => [
      `hub admin API on the Docker host at ${ip}`,
      ip,
      project.hubPort,
    ]),
    ...(await ipsOf('ckan')).map((ip): [string, string, number] => [`ckan at ${ip}`, ip, 5000]),
    ['ckan by name', 'ckan', 5000],
    ...(await ipsOf('db')).map((ip): [string, string, number] => [`db at ${ip}`, ip, 5432]),
    ['db by name', 'db', 5432],
    ['metadata service', '169.254.169.254', 80],
    ['another session', otherIp, 8888],
  ];
  // The targets listen: each one but the metadata address opens from the Docker host.
  for (const [name, host, port] of targets) {
    if (name.endsWith('by name') || name === 'metadata service') continue;
    assert.ok(await opensFromHost(host, port), `${name} (${host}:${port}) opens from the host`);
  }
  const probe = [
    'import json, socket',
    `targets = json.loads(${JSON.stringify(JSON.stringify(targets))})`,
    'seen = {}',
    'for name, host, port in targets + [["own server", "127.0.0.1", 8888]]:',
    '    try:',
    '        socket.create_connection((host, port), timeout=4).close()',
    "        seen[name] = 'open'",
    '    except Exception as e:',
    '        seen[name] = type(e).__name__',
    'print(json.dumps(seen))',
  ].join('\n');
  const seen = JSON.parse(await executeCode(endpoint(visitor, sessionId), probe)) as Record<
    string,
    string
  >;
  assert.equal(seen['own server'], 'open', 'the probe does see an open port');
  for (const [name] of targets) assert.notEqual(seen[name], 'open', `${name} is reachable`);
  await other.fetch(`api/sessions/${otherId}`, { method: 'DELETE' });
});

test('down and up again: the hub re-adopts the running session from its volume', async () => {
  const before = (await project.sessions()).get(sessionId)!.Id;
  await project.compose('down');
  const during = (await project.sessions()).get(sessionId);
  assert.equal(during?.State, 'running', 'the session outlives the compose project');
  await project.compose('up', '-d');
  await hubAnswers();
  const { json } = await visitor.session(sessionId);
  assert.equal(json.state, 'ready', JSON.stringify(json));
  assert.equal((await executeCode(endpoint(visitor, sessionId), '6*7')).trim(), '42');
  assert.equal((await project.sessions()).get(sessionId)!.Id, before, 'the same container');
});

test('stop hub: the hub ends on SIGTERM within the stop timeout and leaves the session running', async () => {
  await project.compose('stop', 'hub');
  const hub = await project.service('hub');
  // 137 would mean Docker had to SIGKILL it when the stop timeout ran out.
  assert.equal(hub.State.Running, false);
  assert.equal(hub.State.ExitCode, 0, `exit code ${hub.State.ExitCode}:\n${await hubLogs()}`);
  assert.match(await hubLogs(), /SIGTERM/);
  assert.equal((await project.sessions()).get(sessionId)?.State, 'running');
});
