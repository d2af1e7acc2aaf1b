import type Docker from 'dockerode';
import { HubError } from '../../errors/hub-error.js';
import { waitUntilReady } from '../../jupyter/wait-until-ready.js';
import { createDockerClient, dockerMessage, pingDocker } from '../docker/docker-client.js';
import { isSessionId } from '../docker/docker-names.js';
import type { LaunchProgress, LaunchSpec, OwnedServer, ServerStatus, Spawner } from '../spawner.js';
import type { SpawnerState, StartedServer } from '../spawner.js';
import { uploadFolder } from './contents-upload.js';
import { serverOfSpec } from './server-of-spec.js';
import {
  serviceName,
  serviceSpec,
  sessionNetworkSpec,
  type ServiceSpecOptions,
} from './service-spec.js';
import { SessionServices } from './session-services.js';
import type { SwarmSpawnerOptions } from './swarm-spawner-options.js';
import type { SwarmState } from './swarm-state.js';

const pingTimeoutMs = 2_000;
const minApiVersion = [1, 41];
/** How often a start looks at its task; Swarm's own dispatcher reports about this often. */
const taskPollMs = 250;
/** How long a copy of files (start or addFiles) may take once the server answers. */
const filesTimeoutMs = 300_000;
/** A session network without its service is a start that died half-way, once this old. */
const orphanNetworkAgeMs = 60_000;

/**
 * Runs each session as a Swarm service of one replica that is never restarted, on an
 * overlay network of its own (see `service-spec.ts` for every limit, hardening flag and
 * the placement). Talks only to a manager's Engine API: Swarm places the task, the
 * chosen node pulls the image (the hub pulls nothing) and publishes the server's port in
 * host mode, so the hub reaches `http://<node address>:<port>`. Files are copied in
 * through the server's contents API (`contents-upload.ts`). Services carry this hub's
 * labels and survive a hub restart; `listOwned` finds them again on every node.
 *
 * A session whose task fails, or whose node Swarm marks `down` (its heartbeats stopped),
 * polls as not running (`exited`, `node-lost`); see README "Running on Swarm" for the bound.
 */
export class SwarmSpawner implements Spawner {
  readonly kind = 'swarm';
  private readonly docker: Docker;
  private readonly services: SessionServices;
  private readonly specOptions: ServiceSpecOptions;

  constructor(private readonly options: SwarmSpawnerOptions) {
    this.docker = createDockerClient(options.socketPath);
    this.services = new SessionServices(this.docker, options.instanceId);
    this.specOptions = {
      image: options.image,
      instanceId: options.instanceId,
      preset: options.preset,
      homeDir: options.homeDir ?? '/home/jovyan',
      uid: options.uid ?? 1000,
      constraints: options.constraints,
      reservePercent: options.reservePercent,
      ...(options.extraLabels ? { extraLabels: options.extraLabels } : {}),
    };
  }

  async start(
    spec: LaunchSpec,
    signal: AbortSignal,
    onProgress?: (progress: LaunchProgress) => void,
  ): Promise<StartedServer> {
    signal.throwIfAborted();
    let created: { network: string; serviceId: string | null } | null = null;
    try {
      const body = serviceSpec(spec, this.specOptions);
      const network = sessionNetworkSpec(
        this.options.instanceId,
        spec.sessionId,
        this.options.extraLabels,
      );
      // Neither call is given the signal: an aborted create may still complete in the
      // manager, and then nobody would know to remove it. Creating takes milliseconds.
      created = { network: network.Name, serviceId: null };
      await this.docker.createNetwork(network);
      signal.throwIfAborted();
      const service = await this.docker.createService(body);
      created.serviceId = service.id;
      signal.throwIfAborted();
      const url = await this.untilRunning(body.Name!, signal, onProgress);
      if (spec.filesDir !== null) {
        const server = { target: url, baseUrl: spec.baseUrl, token: spec.token };
        const timeout = AbortSignal.any([signal, AbortSignal.timeout(filesTimeoutMs)]);
        await waitUntilReady(url, spec.baseUrl, spec.token, { signal, timeoutMs: filesTimeoutMs });
        await uploadFolder(server, spec.filesDir, timeout);
      }
      signal.throwIfAborted();
      const state: SwarmState = {
        kind: 'swarm',
        sessionId: spec.sessionId,
        instanceId: this.options.instanceId,
        serviceId: service.id,
        serviceName: body.Name!,
      };
      return { url, state: { ...state } };
    } catch (error) {
      if (created !== null) await this.remove(created, spec.sessionId).catch(() => undefined);
      if (signal.aborted) throw signal.reason;
      throw error instanceof HubError ? error : new HubError('spawn_failed', { cause: error });
    }
  }

  async stop(state: SpawnerState): Promise<void> {
    const owned = await this.services.owned(state);
    if (owned === null) {
      // The service is gone; its network may not be (a stop that was cut short).
      const { sessionId, instanceId } = state;
      if (
        state.kind === 'swarm' &&
        instanceId === this.options.instanceId &&
        isSessionId(sessionId)
      )
        await this.services.removeNetwork(serviceName(instanceId, sessionId), sessionId);
      return;
    }
    const phase = await this.services.phase(owned.serviceName).catch(() => null);
    if (phase?.phase === 'ended' && phase.exitCode !== 0)
      this.options.logger?.warn('swarm notebook server had ended', {
        session: owned.sessionId,
        reason: phase.reason,
        exitCode: phase.exitCode,
        detail: phase.detail,
      });
    await this.remove({ network: owned.serviceName, serviceId: owned.serviceId }, owned.sessionId);
  }

  async poll(state: SpawnerState): Promise<ServerStatus> {
    const owned = await this.services.owned(state);
    if (owned === null) return { running: false, reason: 'missing' };
    const phase = await this.services.phase(owned.serviceName);
    if (phase.phase !== 'ended') return { running: true };
    return {
      running: false,
      reason: phase.reason,
      ...(phase.exitCode !== undefined ? { exitCode: phase.exitCode } : {}),
      detail: phase.detail,
    };
  }

  async addFiles(state: SpawnerState, filesDir: string): Promise<void> {
    const owned = await this.services.owned(state);
    const phase = owned ? await this.services.phase(owned.serviceName) : null;
    const spec = owned ? await this.services.spec(owned.serviceId) : null;
    const server =
      spec && phase?.phase === 'running' && phase.url ? serverOfSpec(spec, phase.url) : null;
    if (server === null) throw new HubError('server_unavailable');
    await uploadFolder(server, filesDir, AbortSignal.timeout(filesTimeoutMs)).catch(
      (cause: unknown) => {
        throw new HubError('internal', { cause });
      },
    );
  }

  listOwned(): Promise<OwnedServer[]> {
    return this.services.list();
  }

  async check(): Promise<void> {
    const info = await pingDocker(this.docker, pingTimeoutMs)
      .then(() => this.docker.info() as Promise<DockerInfo>)
      .catch((cause: unknown) => {
        throw unavailable('The Docker engine is not reachable.', cause);
      });
    const version = await this.docker.version();
    if (compareVersion(version.ApiVersion, minApiVersion) < 0)
      throw unavailable(
        `The swarm spawner needs Engine API ${minApiVersion.join('.')} (Docker 20.10) or newer.`,
      );
    if (info.Swarm?.LocalNodeState !== 'active' || info.Swarm.ControlAvailable !== true)
      throw unavailable(
        'The swarm spawner needs the Engine API of a Swarm manager (dockerSocket).',
      );
    const nodes = [...(await this.services.nodes()).values()];
    const usable = nodes.filter((n) => n.Status?.State === 'ready');
    if (usable.length === 0) throw unavailable('No Swarm node is ready.');
    await this.services.sweepNetworks(orphanNetworkAgeMs).catch((error: unknown) => {
      this.options.logger?.warn('could not sweep session networks', {
        error: dockerMessage(error),
      });
    });
  }

  async close(): Promise<void> {}

  /** Waits until the task runs and reports its port; tells `onProgress` each new stage. */
  private async untilRunning(
    name: string,
    signal: AbortSignal,
    onProgress?: (progress: LaunchProgress) => void,
  ): Promise<string> {
    let reported = '';
    for (;;) {
      signal.throwIfAborted();
      const phase = await this.services.phase(name);
      if (phase.phase === 'ended')
        throw new HubError('spawn_failed', { cause: new Error(phase.detail) });
      const stage = phase.phase === 'running' ? 'starting' : phase.phase;
      const key = `${stage}:${'node' in phase ? phase.node : ''}:${'detail' in phase ? phase.detail : ''}`;
      if (key !== reported) {
        reported = key;
        const progress: LaunchProgress = {
          stage,
          ...('node' in phase && phase.node ? { node: phase.node } : {}),
          ...('detail' in phase && phase.detail ? { detail: phase.detail } : {}),
        };
        try {
          onProgress?.(progress);
        } catch {
          // A listener's failure is not the start's.
        }
      }
      if (phase.phase === 'running' && phase.url) return phase.url;
      await new Promise((resolve) => setTimeout(resolve, taskPollMs));
    }
  }

  private async remove(
    created: { network: string; serviceId: string | null },
    sessionId: string,
  ): Promise<void> {
    if (created.serviceId !== null)
      await this.services.removeService(created.serviceId, created.network);
    await this.services.removeNetwork(created.network, sessionId);
  }
}

interface DockerInfo {
  readonly Swarm?: { readonly LocalNodeState?: string; readonly ControlAvailable?: boolean };
}

function compareVersion(version: string, wanted: readonly number[]): number {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < wanted.length; i++) {
    const diff = (parts[i] ?? 0) - wanted[i]!;
    if (diff !== 0) return diff;
  }
  return 0;
}

function unavailable(message: string, cause?: unknown): HubError {
  return new HubError('spawner_unavailable', { message, cause });
}
