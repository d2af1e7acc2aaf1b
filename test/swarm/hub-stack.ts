/**
 * deploy/swarm/stack.yml on the test swarm, as an operator deploys it: four Swarm secrets,
 * the node labels the stack's placement needs, `docker stack deploy` through the
 * manager's socket, and everything removed again — the stack, the sessions' services and
 * networks the hub made (by its instance label), the secrets, the volume and the labels
 * this run added (labels another test set stay). Names carry the prefix `swdp-` and a
 * random run id; what the test makes itself is labelled `cnh.owner=swarm-deploy`.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { labelKeys } from '../../src/spawners/docker/docker-names.js';
import { instanceIdFor } from '../../src/spawners/local/instance-id.js';

const exec = promisify(execFile);

export interface HubStackOptions {
  /** The manager's socket path (`unix://` stripped), e.g. /run/cnh-swarm/sw1.sock. */
  readonly managerSocket: string;
  /** The manager's address as the test reaches it, e.g. 10.231.0.11. */
  readonly managerAddress: string;
  readonly hubImage: string;
  readonly notebookImage: string;
  /** Extra `${…}` variables for the stack file. */
  readonly env?: Readonly<Record<string, string>>;
}

export class HubStack {
  readonly run = `swdp-${randomBytes(3).toString('hex')}`;
  readonly port = 20_000 + Math.floor(Math.random() * 10_000);
  readonly dataDir = `/var/lib/${this.run}`;
  readonly instanceId = instanceIdFor(this.dataDir);
  readonly url: string;
  readonly docker: Docker;
  private readonly addedLabels: Array<{ node: string; key: string }> = [];

  constructor(readonly options: HubStackOptions) {
    this.docker = new Docker({ socketPath: options.managerSocket });
    this.url = `http://${options.managerAddress}:${this.port}/`;
  }

  /** Adds `key=true` to a node unless it has it; remembers it for `remove()`. */
  async label(nodeName: string, key: string): Promise<void> {
    const info = (await this.docker.getNode(nodeName).inspect()) as {
      Spec: { Labels?: Record<string, string> };
    };
    if (info.Spec.Labels?.[key] === 'true') return;
    await this.cli('node', 'update', '--label-add', `${key}=true`, nodeName);
    this.addedLabels.push({ node: nodeName, key });
  }

  async deploy(): Promise<void> {
    for (const name of [
      'hub_cookie_secret',
      'hub_admin_token',
      'hub_ticket_secret',
      'ckan_api_token',
    ])
      await this.docker.createSecret({
        Name: `${this.run}_${name}`,
        Labels: { 'cnh.owner': 'swarm-deploy', 'cnh.run': this.run },
        Data: Buffer.from(randomBytes(32).toString('base64url')).toString('base64'),
      });
    await exec(
      'docker',
      [
        '-H',
        `unix://${this.options.managerSocket}`,
        'stack',
        'deploy',
        '-c',
        'deploy/swarm/stack.yml',
        this.run,
      ],
      {
        env: {
          ...process.env,
          DOCKER_HOST: '',
          HUB_IMAGE: this.options.hubImage,
          HUB_DOCKER_IMAGE: this.options.notebookImage,
          HUB_PUBLIC_URL: this.url,
          HUB_PORT: String(this.port),
          HUB_ADMIN_PORT: String(this.port + 1),
          HUB_DATA_DIR: this.dataDir,
          SECRET_PREFIX: this.run,
          DOCKER_SOCKET: this.options.managerSocket,
          ...this.options.env,
        },
      },
    );
  }

  /** The hub's running task container as the manager's engine sees it, or null. */
  async hubContainer(): Promise<Docker.ContainerInfo | null> {
    const list = await this.docker.listContainers({
      filters: { label: [`com.docker.swarm.service.name=${this.run}_hub`] },
    });
    return list[0] ?? null;
  }

  /** The hub service's last log lines, for failure messages. */
  async logs(): Promise<string> {
    try {
      const { stdout, stderr } = await this.cli(
        'service',
        'logs',
        '--raw',
        '--tail',
        '80',
        `${this.run}_hub`,
      );
      return stdout + stderr;
    } catch (e) {
      return String(e);
    }
  }

  /** The session services this hub made: session id → { service id, node id of its task }. */
  async sessionServices(): Promise<Map<string, { serviceId: string; nodeId: string | null }>> {
    const services = await this.docker.listServices({
      filters: { label: [`${labelKeys.hubInstance}=${this.instanceId}`] },
    });
    const out = new Map<string, { serviceId: string; nodeId: string | null }>();
    for (const s of services) {
      const sessionId = s.Spec?.Labels?.[labelKeys.sessionId];
      if (!sessionId || !s.ID) continue;
      const tasks = (await this.docker.listTasks({
        filters: { service: [s.ID], 'desired-state': ['running'] },
      })) as Array<{ NodeID?: string }>;
      out.set(sessionId, { serviceId: s.ID, nodeId: tasks[0]?.NodeID ?? null });
    }
    return out;
  }

  async remove(): Promise<void> {
    const docker = this.docker;
    await this.cli('stack', 'rm', this.run).catch(() => undefined);
    const byInstance = { label: [`${labelKeys.hubInstance}=${this.instanceId}`] };
    for (const s of await docker.listServices({ filters: byInstance }).catch(() => []))
      await docker
        .getService(s.ID!)
        .remove()
        .catch(() => undefined);
    // Tasks, then networks, secrets and the volume go once the containers are gone.
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const left = await docker.listContainers({
        all: true,
        filters: { label: [`com.docker.stack.namespace=${this.run}`] },
      });
      if (left.length === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    for (const n of await docker.listNetworks({ filters: byInstance }).catch(() => []))
      await docker
        .getNetwork(n.Id)
        .remove()
        .catch(() => undefined);
    const secrets = await docker
      .listSecrets({ filters: { label: [`cnh.run=${this.run}`] } })
      .catch(() => []);
    for (const s of secrets)
      await docker
        .getSecret(s.ID)
        .remove()
        .catch(() => undefined);
    await docker
      .getVolume(`${this.run}_hub_data`)
      .remove()
      .catch(() => undefined);
    for (const { node, key } of this.addedLabels)
      await this.cli('node', 'update', '--label-rm', key, node).catch(() => undefined);
  }

  /** The docker CLI against the manager (never the shared engine: DOCKER_HOST is overridden). */
  cli(...args: string[]): Promise<{ stdout: string; stderr: string }> {
    return exec('docker', ['-H', `unix://${this.options.managerSocket}`, ...args], {
      env: { ...process.env, DOCKER_HOST: '' },
    });
  }
}
