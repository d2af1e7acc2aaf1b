/**
 * One run of deploy/compose/ for the compose test: a project folder of its own (the
 * committed docker-compose.yml and postgresql/ copied unchanged, a .env made from
 * .env.example, secrets, and the stand-ins of stand-ins.yml), a unique project name,
 * free ports, and a session network, data path and hub instance of its own, so runs
 * never meet each other or a real deployment. `destroy()` removes everything it made:
 * the compose project with its volumes, the session containers, the session network
 * and its firewall chains.
 *
 * The folder sits two levels under the repository, as deploy/compose does, so the
 * `ckan` service's build context (../../ckanext-jupyternotebook) resolves the same way.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { bridgeInterfaceName, labelKeys } from '../../src/spawners/docker/docker-names.js';
import { iptablesRunner, removeNetworkGuard } from '../../src/spawners/docker/network-guard.js';
import { instanceIdFor } from '../../src/spawners/local/instance-id.js';
import { freePort } from '../helpers/hub-process.js';

const exec = promisify(execFile);
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const hubImage = 'ckan-notebook-hub:latest';

/** `docker-compose` (v1, Debian) when installed, else the v2 plugin `docker compose`. */
async function composeCommand(): Promise<string[]> {
  const v1 = await exec('docker-compose', ['version', '--short']).then(
    () => true,
    () => false,
  );
  return v1 ? ['docker-compose'] : ['docker', 'compose'];
}

export class ComposeProject {
  readonly name = `cnhcompose${randomBytes(4).toString('hex')}`;
  readonly dir = join(repoRoot, 'test-artifacts', this.name);
  readonly network = `cnh-${this.name}`;
  readonly dataDir = `/var/lib/ckan-notebook-hub-${this.name}`;
  readonly instanceId = instanceIdFor(this.dataDir);
  readonly adminToken = randomBytes(24).toString('base64url');
  hubPort = 0;
  ckanPort = 0;
  private command: string[] = [];

  constructor(private readonly docker: Docker) {}

  get hubUrl(): string {
    return `http://127.0.0.1:${this.hubPort}/`;
  }
  get ckanUrl(): string {
    return `http://127.0.0.1:${this.ckanPort}/`;
  }

  async create(ckanApiToken: string): Promise<void> {
    this.command = await composeCommand();
    [this.hubPort, this.ckanPort] = [await freePort(), await freePort()];
    const adminPort = await freePort();
    const source = join(repoRoot, 'deploy', 'compose');
    mkdirSync(join(this.dir, 'secrets'), { recursive: true });
    cpSync(join(source, 'docker-compose.yml'), join(this.dir, 'docker-compose.yml'));
    cpSync(join(source, 'postgresql'), join(this.dir, 'postgresql'), { recursive: true });
    cpSync(join(repoRoot, 'test/compose/stand-ins.yml'), join(this.dir, 'stand-ins.yml'));
    const overrides: Record<string, string> = {
      CKAN_PORT_HOST: String(this.ckanPort),
      CKAN_SITE_URL: `http://localhost:${this.ckanPort}`,
      HUB_IMAGE: hubImage,
      HUB_PUBLIC_URL: this.hubUrl,
      HUB_PORT: String(this.hubPort),
      HUB_ADMIN_PORT: String(adminPort),
      HUB_DOCKER_NETWORK: this.network,
      HUB_DATA_DIR: this.dataDir,
      HUB_POOL_SIZE: '0',
      REPO_DIR: repoRoot.replace(/\/$/, ''),
    };
    const example = readFileSync(join(source, '.env.example'), 'utf8');
    const env = example
      .split('\n')
      .map((line) => {
        const key = /^([A-Z_][A-Z0-9_]*)=/.exec(line)?.[1];
        if (key && key in overrides) {
          const value = overrides[key]!;
          delete overrides[key];
          return `${key}=${value}`;
        }
        return line.replace('CHANGE_ME', randomBytes(12).toString('hex'));
      })
      .concat(Object.entries(overrides).map(([k, v]) => `${k}=${v}`));
    writeFileSync(join(this.dir, '.env'), env.join('\n'));
    const secrets = {
      hub_admin_token: this.adminToken,
      hub_ticket_secret: randomBytes(32).toString('base64url'),
      ckan_api_token: ckanApiToken,
    };
    for (const [name, value] of Object.entries(secrets))
      writeFileSync(join(this.dir, 'secrets', name), `${value}\n`, { mode: 0o644 });
    chmodSync(join(this.dir, 'secrets'), 0o700);
  }

  /** Runs compose for this project (both files) and resolves with its output. */
  async compose(...args: string[]): Promise<string> {
    const [cmd, ...pre] = this.command;
    const files = ['-f', 'docker-compose.yml', '-f', 'stand-ins.yml'];
    try {
      const { stdout, stderr } = await exec(cmd!, [...pre, '-p', this.name, ...files, ...args], {
        cwd: this.dir,
        timeout: 300_000,
        maxBuffer: 16 * 1024 * 1024,
      });
      return stdout + stderr;
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new Error(`${this.command.join(' ')} ${args.join(' ')} failed:\n${stdout}${stderr}`);
    }
  }

  /** The container of a compose service (running or stopped). */
  async service(name: string): Promise<Docker.ContainerInspectInfo> {
    const [found] = await this.docker.listContainers({
      all: true,
      filters: {
        label: [`com.docker.compose.project=${this.name}`, `com.docker.compose.service=${name}`],
      },
    });
    if (!found) throw new Error(`no container for service ${name}`);
    return this.docker.getContainer(found.Id).inspect();
  }

  /** Session containers of this project's hub, by session id. */
  async sessions(): Promise<Map<string, Docker.ContainerInfo>> {
    const list = await this.docker.listContainers({
      all: true,
      filters: { label: [`${labelKeys.hubInstance}=${this.instanceId}`] },
    });
    return new Map(list.map((c) => [c.Labels[labelKeys.sessionId] ?? c.Id, c]));
  }

  async destroy(): Promise<void> {
    if (this.command.length > 0)
      await this.compose('down', '--volumes', '--remove-orphans', '--timeout', '5').catch(
        () => undefined,
      );
    for (const container of (await this.sessions().catch(() => new Map())).values())
      await this.docker
        .getContainer((container as Docker.ContainerInfo).Id)
        .remove({ force: true })
        .catch(() => undefined);
    await removeNetworkGuard(bridgeInterfaceName(this.network), iptablesRunner()).catch(
      () => undefined,
    );
    await this.docker
      .getNetwork(this.network)
      .remove()
      .catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
