import type Docker from 'dockerode';
import { HubError } from '../../errors/hub-error.js';
import type { LaunchSpec, OwnedServer, ServerStatus, ServerUsage, Spawner } from '../spawner.js';
import type { SpawnerState, StartedServer } from '../spawner.js';
import { rethrowInternal, startFailure } from '../spawner-errors.js';
import { containerSpec, cpuPeriodMicros, cpuQuotaMicros } from './container-spec.js';
import type { ContainerSpecOptions } from './container-spec.js';
import { usageFromStats } from './container-usage.js';
import { copyIntoContainer } from './copy-into-container.js';
import { createDockerClient, tolerating } from './docker-client.js';
import { labelFilter } from './docker-names.js';
import { DockerPreparation } from './docker-preparation.js';
import { dockerSharedStatic } from './docker-shared-static.js';
import type { DockerSpawnerOptions } from './docker-spawner-options.js';
import type { DockerState } from './docker-state.js';
import { reachEngine, requireImage } from './engine-check.js';
import { logExitedContainer } from './exited-container-log.js';
import { OomWatch } from './oom-watch.js';
import { notebookUser, serverPort } from './server-presets.js';
import { SessionContainers } from './session-containers.js';

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
  private readonly preparation: DockerPreparation;

  constructor(private readonly options: DockerSpawnerOptions) {
    this.docker = createDockerClient(options.socketPath);
    this.oom = new OomWatch(this.docker, labelFilter(options.instanceId));
    this.containers = new SessionContainers(this.docker, options.instanceId, options.network);
    this.preparation = new DockerPreparation(this.docker, this.oom, options);
    this.specOptions = {
      image: options.image,
      network: options.network,
      instanceId: options.instanceId,
      preset: options.preset,
      ...notebookUser(options),
      storageLimit: options.storageLimit,
    };
  }

  async start(spec: LaunchSpec, signal: AbortSignal): Promise<StartedServer> {
    signal.throwIfAborted();
    let container: Docker.Container | null = null;
    try {
      await this.preparation.prepare();
      const sharedStatic = await dockerSharedStatic(this.docker, this.options);
      const body = containerSpec(spec, this.specOptions, sharedStatic);
      signal.throwIfAborted();
      // Not given the signal: an aborted create may still complete in the daemon, and
      // then nobody would know the id to remove it. Creating takes milliseconds.
      container = await this.preparation.create(body);
      signal.throwIfAborted();
      if (spec.filesDir !== null)
        await copyIntoContainer(container, spec.filesDir, this.specOptions, signal);
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
      throw startFailure(error, signal);
    }
  }

  async stop(state: SpawnerState): Promise<void> {
    const owned = await this.containers.owned(state);
    if (owned === null) return;
    await logExitedContainer(owned, this.options.logger);
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
    const signal = AbortSignal.timeout(300_000);
    await copyIntoContainer(owned.container, filesDir, this.specOptions, signal).catch(
      rethrowInternal,
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
      .catch(rethrowInternal);
  }

  async usage(state: SpawnerState): Promise<ServerUsage> {
    const owned = await this.containers.owned(state);
    if (owned === null || !owned.info.State.Running) return { cpuPercent: null, memoryBytes: null };
    const stats = await tolerating(owned.container.stats({ stream: false }), 404, 409);
    return stats ? usageFromStats(stats) : { cpuPercent: null, memoryBytes: null };
  }

  async check(): Promise<void> {
    await reachEngine(this.docker, () => Promise.resolve());
    await requireImage(this.docker, this.options.image);
    // Re-checked on every health check: a firewall reload (ufw, firewalld,
    // iptables-restore) may have wiped the session rules since the last start.
    await this.preparation.prepare({ refresh: true });
  }

  async close(): Promise<void> {
    this.oom.close();
  }
}
