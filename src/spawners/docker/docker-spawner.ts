import type Docker from 'dockerode';
import { HubError } from '../../errors/hub-error.js';
import type { LaunchSpec, OwnedServer, ServerStatus, ServerUsage, Spawner } from '../spawner.js';
import type { SpawnerState, StartedServer } from '../spawner.js';
import { containerSpec, cpuPeriodMicros, cpuQuotaMicros } from './container-spec.js';
import type { ContainerSpecOptions } from './container-spec.js';
import { usageFromStats } from './container-usage.js';
import {
  createDockerClient,
  demuxLogs,
  pingDocker,
  statusOf,
  tolerating,
} from './docker-client.js';
import { labelFilter, labelKeys } from './docker-names.js';
import type { DockerSpawnerOptions } from './docker-spawner-options.js';
import type { DockerState } from './docker-state.js';
import { archiveDirectory } from './files-archive.js';
import { iptablesRunner } from './network-guard.js';
import { resolve } from 'node:path';
import { copyImageStatic, imageStaticKey } from '../../static/docker-static-copy.js';
import { OomWatch } from './oom-watch.js';
import { serverPort } from './server-presets.js';
import { SessionContainers } from './session-containers.js';
import { ensureSessionNetwork } from './session-network.js';
import { probeStorageLimit } from './storage-limit-probe.js';

const pingTimeoutMs = 2_000;

/**
 * Runs each session in its own container of the configured image (see `container-spec.ts`
 * for every limit and hardening flag) on a session network it creates and firewalls
 * (`session-network.ts`, `network-guard.ts`). Files are copied in with `putArchive`;
 * the hub reaches a server at `http://<container IP>:8888`, so the hub must run on the
 * Docker host (as root, for the firewall rules). Containers carry this hub's labels and
 * survive a hub restart; `listOwned` finds them again.
 */
export class DockerSpawner implements Spawner {
  readonly kind = 'docker';
  private readonly docker: Docker;
  private readonly oom: OomWatch;
  private readonly specOptions: ContainerSpecOptions;
  private readonly containers: SessionContainers;
  private prepared: Promise<void> | null = null;
  private preparedSettled = false;
  private storageProbed = false;

  constructor(private readonly options: DockerSpawnerOptions) {
    this.docker = createDockerClient(options.socketPath);
    this.oom = new OomWatch(this.docker, labelFilter(options.instanceId));
    this.containers = new SessionContainers(this.docker, options.instanceId, options.network);
    this.specOptions = {
      image: options.image,
      network: options.network,
      instanceId: options.instanceId,
      preset: options.preset,
      homeDir: options.homeDir ?? '/home/jovyan',
      uid: options.uid ?? 1000,
      storageLimit: options.storageLimit,
    };
  }

  async start(spec: LaunchSpec, signal: AbortSignal): Promise<StartedServer> {
    signal.throwIfAborted();
    let container: Docker.Container | null = null;
    try {
      await this.prepare();
      const body = containerSpec(spec, this.specOptions, await this.sharedStatic());
      signal.throwIfAborted();
      // Not given the signal: an aborted create may still complete in the daemon, and
      // then nobody would know the id to remove it. Creating takes milliseconds.
      container = await this.create(body);
      signal.throwIfAborted();
      if (spec.filesDir !== null) await this.copyFiles(container, spec.filesDir, signal);
      await container.start();
      const info = await container.inspect();
      const ip = info.NetworkSettings.Networks[this.options.network]?.IPAddress;
      if (!ip) throw new Error('the container has no address on the session network');
      signal.throwIfAborted();
      const state: DockerState = {
        kind: 'docker',
        sessionId: spec.sessionId,
        instanceId: this.options.instanceId,
        containerId: info.Id,
        containerName: body.name!,
      };
      return { url: `http://${ip}:${serverPort}`, state: { ...state } };
    } catch (error) {
      if (container !== null) await this.containers.remove(container).catch(() => undefined);
      if (signal.aborted) throw signal.reason;
      throw error instanceof HubError ? error : new HubError('spawn_failed', { cause: error });
    }
  }

  async stop(state: SpawnerState): Promise<void> {
    const owned = await this.containers.owned(state);
    if (owned === null) return;
    const { State } = owned.info;
    if (!State.Running && (State.ExitCode !== 0 || State.OOMKilled) && this.options.logger) {
      const raw = await owned.container
        .logs({ stdout: true, stderr: true, tail: 20 })
        .catch(() => null);
      this.options.logger.warn('docker notebook server had exited', {
        session: owned.info.Config.Labels[labelKeys.sessionId],
        exitCode: State.ExitCode,
        oomKilled: State.OOMKilled,
        log: raw ? demuxLogs(Buffer.from(raw)) : '',
      });
    }
    await tolerating(owned.container.stop({ t: this.options.stopGraceSeconds ?? 2 }), 304, 404);
    await this.containers.remove(owned.container);
    this.oom.forget(owned.info.Id);
  }

  async poll(state: SpawnerState): Promise<ServerStatus> {
    this.oom.start();
    const owned = await this.containers.owned(state);
    if (owned === null) return { running: false, reason: 'missing' };
    const { container, info } = owned;
    const oom = info.State.OOMKilled || this.oom.had(info.Id);
    if (info.State.Running && !oom) return { running: true };
    // A kernel killed for memory leaves its server up; the session ends as a whole, as
    // with the local spawner, so the visitor learns why instead of losing state quietly.
    if (info.State.Running) await tolerating(container.kill(), 404, 409);
    const exitCode = info.State.Running ? 137 : info.State.ExitCode;
    return { running: false, reason: oom ? 'oom' : 'exited', exitCode };
  }

  async addFiles(state: SpawnerState, filesDir: string): Promise<void> {
    const owned = await this.containers.owned(state);
    if (owned === null || !owned.info.State.Running) throw new HubError('server_unavailable');
    await this.copyFiles(owned.container, filesDir, AbortSignal.timeout(300_000)).catch(
      (cause: unknown) => {
        throw new HubError('internal', { cause });
      },
    );
  }

  async listOwned(): Promise<OwnedServer[]> {
    this.oom.start();
    return this.containers.list();
  }

  /** Changes the running container's CPU quota (`docker update --cpu-quota`). */
  async setCpu(state: SpawnerState, cpuPercent: number): Promise<void> {
    const owned = await this.containers.owned(state);
    if (owned === null) throw new HubError('server_unavailable');
    await owned.container
      .update({ CpuPeriod: cpuPeriodMicros, CpuQuota: cpuQuotaMicros(cpuPercent) })
      .catch((cause: unknown) => {
        throw new HubError('internal', { cause });
      });
  }

  async usage(state: SpawnerState): Promise<ServerUsage> {
    const owned = await this.containers.owned(state);
    if (owned === null || !owned.info.State.Running) return { cpuPercent: null, memoryBytes: null };
    const stats = await tolerating(owned.container.stats({ stream: false }), 404, 409);
    return stats ? usageFromStats(stats) : { cpuPercent: null, memoryBytes: null };
  }

  async check(): Promise<void> {
    await pingDocker(this.docker, pingTimeoutMs).catch((cause: unknown) => {
      throw new HubError('spawner_unavailable', {
        message: 'The Docker engine is not reachable.',
        cause,
      });
    });
    const image = await tolerating(this.docker.getImage(this.options.image).inspect(), 404);
    if (!image) {
      throw new HubError('spawner_unavailable', {
        message: 'The session image is not on the Docker engine.',
        cause: new Error(
          `image ${this.options.image} missing; build it with images/notebook/build.sh`,
        ),
      });
    }
    // Re-checked on every health check: a firewall reload (ufw, firewalld,
    // iptables-restore) may have wiped the session rules since the last start.
    await this.prepare({ refresh: true });
  }

  async close(): Promise<void> {
    this.oom.close();
  }

  private prepare({ refresh = false } = {}): Promise<void> {
    if (refresh && this.preparedSettled) this.prepared = null;
    this.prepared ??= (async () => {
      this.preparedSettled = false;
      this.oom.start();
      const { network, egress, instanceId, storageLimit, image } = this.options;
      await ensureSessionNetwork(
        this.docker,
        { name: network, egress, instanceId },
        this.options.iptables ?? iptablesRunner(),
      );
      if (storageLimit && !this.storageProbed)
        await probeStorageLimit(this.docker, image, storageLimit);
      this.storageProbed = true;
      this.preparedSettled = true;
    })().catch((error: unknown) => {
      this.prepared = null;
      throw error;
    });
    return this.prepared;
  }

  private async create(body: Docker.ContainerCreateOptions): Promise<Docker.Container> {
    try {
      return await this.docker.createContainer(body);
    } catch (error) {
      // The session network was removed behind our back: recreate it and try once more.
      if (statusOf(error) !== 404 || !String(error).includes('network')) throw error;
      this.prepared = null;
      await this.prepare();
      return this.docker.createContainer(body);
    }
  }

  private async copyFiles(
    container: Docker.Container,
    dir: string,
    signal: AbortSignal,
  ): Promise<void> {
    const uid = this.specOptions.uid;
    const archive = archiveDirectory(dir, { uid, gid: uid });
    await container.putArchive(archive, { path: this.specOptions.homeDir, abortSignal: signal });
  }

  /**
   * The shared static copy of the configured image (README, "Static files"), made once per
   * image id; null without `sharedStatic`, for other presets, or when the copy failed
   * (logged; servers then keep their own static path).
   */
  private async sharedStatic() {
    const shared = this.options.sharedStatic;
    if (!shared || this.options.preset !== 'notebook6') return null;
    try {
      const imageId = (await this.docker.getImage(this.options.image).inspect()).Id;
      const key = imageStaticKey(imageId);
      const copiesDir = resolve(shared.dataDir, 'state', 'nbstatic');
      await shared.copies.prepare(key, () => copyImageStatic(this.docker, imageId, copiesDir, key));
      return { prefix: shared.copies.prefixFor(key), key, imageId };
    } catch (error) {
      this.options.logger?.warn('shared static files unavailable; per-session static path', {
        error: String(error),
      });
      return null;
    }
  }
}
