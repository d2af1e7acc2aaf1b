import type Docker from 'dockerode';
import { HubError } from '../../errors/hub-error.js';
import { waitUntilReady } from '../../jupyter/wait-until-ready.js';
import { createDockerClient, dockerMessage } from '../docker/docker-client.js';
import { isSessionId } from '../docker/docker-names.js';
import { notebookUser } from '../docker/server-presets.js';
import type { LaunchProgress, LaunchSpec, OwnedServer, ServerStatus, Spawner } from '../spawner.js';
import type { SpawnerState, StartedServer } from '../spawner.js';
import { rethrowInternal, startFailure } from '../spawner-errors.js';
import { uploadFolder } from './contents-upload.js';
import { GuardGate } from './guard-gate.js';
import { checkManager } from './manager-check.js';
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
import { untilRunning } from './until-running.js';

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
  private readonly guard: GuardGate;

  constructor(private readonly options: SwarmSpawnerOptions) {
    this.docker = createDockerClient(options.socketPath);
    this.services = new SessionServices(this.docker, options.instanceId);
    this.guard = new GuardGate(this.docker, options);
    this.specOptions = {
      image: options.image,
      instanceId: options.instanceId,
      preset: options.preset,
      ...notebookUser(options),
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
      await this.guard.untilGuarded(signal);
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
      const url = await untilRunning(this.services, body.Name!, signal, onProgress);
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
      if (created !== null)
        await this.services.removeSession(created, spec.sessionId).catch(() => undefined);
      throw startFailure(error, signal);
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
    await this.services.removeSession(
      { network: owned.serviceName, serviceId: owned.serviceId },
      owned.sessionId,
    );
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
      rethrowInternal,
    );
  }

  listOwned(): Promise<OwnedServer[]> {
    return this.services.list();
  }

  async check(): Promise<void> {
    const manager = await checkManager(this.docker, this.services);
    await this.guard.checkGuard(manager.NodeAddr, manager.NodeID);
    await this.services.sweepNetworks(orphanNetworkAgeMs).catch((error: unknown) => {
      this.options.logger?.warn('could not sweep session networks', {
        error: dockerMessage(error),
      });
    });
  }

  async close(): Promise<void> {}
}
