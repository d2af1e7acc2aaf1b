/**
 * A Docker engine of a test's own, for what must not happen to the shared one (a
 * restart): own data root, exec root, pidfile and socket, a default bridge of its own
 * (`cnhpd0`, 10.214.0.1/24), no iptables rules of its own. Its networks come from Docker's
 * built-in pools, which skip every subnet the host already routes (the shared engine's).
 * It must never delete the host's `docker0`, the shared engine's default bridge, after which
 * every plain `docker run` here fails with "could not find bridge docker0"; dockerd does that
 * at start with `--bridge=none`, and with `--default-address-pool` whenever its data root
 * holds a default bridge network from an earlier start. Idempotent: `start`
 * adopts an engine a killed run left behind, and the image is loaded only when the
 * private engine does not already hold the shared engine's image id (the data root is
 * kept between runs as that cache). `remove` always stops it and removes its containers.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class PrivateDockerd {
  readonly dataRoot = '/var/lib/cnh-test-dockerd';
  readonly execRoot = '/run/cnh-test-dockerd';
  readonly pidFile = '/run/cnh-test-dockerd.pid';
  readonly socket = '/run/cnh-test-dockerd.sock';
  readonly logFile = '/var/tmp/cnh-test-dockerd.log';
  readonly bridge = 'cnhpd0';
  readonly bridgeAddress = '10.214.0.1/24';

  get host(): string {
    return `unix://${this.socket}`;
  }

  /** Starts the engine (or adopts a running one) and waits until it answers. */
  async start(): Promise<void> {
    if (await this.answers()) return;
    await this.stop();
    await this.ensureBridge();
    mkdirSync(this.dataRoot, { recursive: true });
    const log = openSync(this.logFile, 'a');
    const child = spawn(
      'dockerd',
      [
        '--data-root',
        this.dataRoot,
        '--exec-root',
        this.execRoot,
        '--pidfile',
        this.pidFile,
        '-H',
        this.host,
        `--bridge=${this.bridge}`,
        '--iptables=false',
      ],
      { detached: true, stdio: ['ignore', log, log] },
    );
    child.unref();
    const deadline = Date.now() + 60_000;
    while (!(await this.answers())) {
      if (Date.now() > deadline)
        throw new Error(`private dockerd did not answer; see ${this.logFile}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Stops the engine (SIGTERM, as an init system would) and waits until it is gone. */
  async stop(): Promise<void> {
    const pid = this.pid();
    if (pid === null) return;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      return;
    }
    const deadline = Date.now() + 60_000;
    while (isAlive(pid)) {
      if (Date.now() > deadline) process.kill(pid, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    rmSync(this.socket, { force: true });
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Makes `image` (from the shared engine) present with the same id; loads it only when not. */
  async ensureImage(image: string): Promise<void> {
    const id = async (host: string[]) =>
      (
        await run('docker', [...host, 'image', 'inspect', '--format', '{{.Id}}', image]).catch(
          () => ({ stdout: '' }),
        )
      ).stdout.trim();
    const wanted = await id([]);
    if (!wanted) throw new Error(`the shared engine has no ${image}`);
    if ((await id(['-H', this.host])) === wanted) return;
    await new Promise<void>((resolve, reject) => {
      const save = spawn('docker', ['save', image], { stdio: ['ignore', 'pipe', 'inherit'] });
      const load = spawn('docker', ['-H', this.host, 'load'], {
        stdio: ['pipe', 'ignore', 'inherit'],
      });
      save.stdout.pipe(load.stdin);
      save.once('error', reject);
      load.once('error', reject);
      load.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`docker load: ${code}`)),
      );
    });
  }

  /** Removes every container of the private engine (all are a test's) and stops it. */
  async remove(): Promise<void> {
    if (await this.answers()) {
      const { stdout } = await run('docker', ['-H', this.host, 'ps', '-aq']);
      const ids = stdout.split('\n').filter(Boolean);
      if (ids.length > 0)
        await run('docker', ['-H', this.host, 'rm', '-f', ...ids]).catch(() => {});
      await run('docker', ['-H', this.host, 'network', 'prune', '-f']).catch(() => {});
    }
    await this.stop();
  }

  /** The engine's default bridge, made once on the host (`-b` needs it to exist). */
  private async ensureBridge(): Promise<void> {
    if (existsSync(`/sys/class/net/${this.bridge}`)) return;
    await run('ip', ['link', 'add', this.bridge, 'type', 'bridge']);
    await run('ip', ['addr', 'add', this.bridgeAddress, 'dev', this.bridge]);
    await run('ip', ['link', 'set', this.bridge, 'up']);
  }

  private pid(): number | null {
    if (!existsSync(this.pidFile)) return null;
    const pid = Number(readFileSync(this.pidFile, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null;
    // A stale pidfile may name another process by now: only ever signal our dockerd.
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return command[0]?.endsWith('dockerd') && command.includes(this.dataRoot) ? pid : null;
  }

  private async answers(): Promise<boolean> {
    if (!existsSync(this.socket)) return false;
    return run('docker', ['-H', this.host, 'version', '--format', '{{.Server.Version}}'], {
      timeout: 5000,
    }).then(
      () => true,
      () => false,
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
