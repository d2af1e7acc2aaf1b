import type Docker from 'dockerode';
import { statusOf, tolerating } from '../docker/docker-client.js';
import { hasSessionLabels, isSessionId, labelFilter, labelKeys } from '../docker/docker-names.js';
import { serverPort } from '../docker/server-presets.js';
import type { OwnedServer, SpawnerState } from '../spawner.js';
import { NodeCache } from './node-cache.js';
import { serviceTasks, type Task } from './service-tasks.js';
import { parseSwarmState, type SwarmState } from './swarm-state.js';
import { currentTask, taskPhase, type SwarmNode, type TaskPhase } from './task-phase.js';

type ServiceInfo = { ID: string; Spec?: { Name?: string; Labels?: Record<string, string> } };

/**
 * Finds, lists and removes the session services (and their networks) of one hub
 * instance, through a manager's Engine API. A state is acted on only when its service
 * still carries this hub's and this session's labels.
 */
export class SessionServices {
  private readonly nodeCache: NodeCache;

  constructor(
    private readonly docker: Docker,
    private readonly instanceId: string,
  ) {
    this.nodeCache = new NodeCache(docker);
  }

  /** The service of a state, or null when it is gone or not ours. */
  async owned(state: SpawnerState): Promise<SwarmState | null> {
    const parsed = parseSwarmState(state);
    if (parsed === null || parsed.instanceId !== this.instanceId) return null;
    const info = (await tolerating(this.docker.getService(parsed.serviceId).inspect(), 404)) as
      ServiceInfo | undefined;
    return info && this.ours(info, parsed.sessionId) ? parsed : null;
  }

  /** Where the session's task is (scheduling … running, or ended and why). */
  async phase(serviceName: string): Promise<TaskPhase> {
    const [tasks, nodes] = await Promise.all([this.tasks([serviceName]), this.nodes()]);
    const task = currentTask(tasks);
    return taskPhase(task, task?.NodeID ? (nodes.get(task.NodeID) ?? null) : null, serverPort);
  }

  /** The spec of a service (for its command), or null when it is gone. */
  async spec(serviceId: string): Promise<Docker.ServiceSpec | null> {
    const info = await tolerating(this.docker.getService(serviceId).inspect(), 404);
    return (info?.Spec as Docker.ServiceSpec | undefined) ?? null;
  }

  /** Every service of this instance, running or not, as `listOwned` reports them. */
  async list(): Promise<OwnedServer[]> {
    const services = (await this.docker.listServices({
      filters: { label: labelFilter(this.instanceId) },
    })) as unknown as ServiceInfo[];
    const names = services.map((s) => s.Spec?.Name ?? '').filter(Boolean);
    const [tasks, nodes] = await Promise.all([this.tasks(names), this.nodes()]);
    return services.flatMap((service): OwnedServer[] => {
      const sessionId = service.Spec?.Labels?.[labelKeys.sessionId];
      if (!isSessionId(sessionId) || !this.ours(service, sessionId)) return [];
      const task = currentTask(tasks.filter((t) => t.ServiceID === service.ID));
      const phase = taskPhase(
        task,
        task?.NodeID ? (nodes.get(task.NodeID) ?? null) : null,
        serverPort,
      );
      const state: SwarmState = {
        kind: 'swarm',
        sessionId,
        instanceId: this.instanceId,
        serviceId: service.ID,
        serviceName: service.Spec?.Name ?? '',
      };
      const url = phase.phase === 'running' ? phase.url : null;
      return [{ sessionId, state: { ...state }, url, running: phase.phase !== 'ended' }];
    });
  }

  /** Removes what a start created (the service once it has one, then the network), waiting as below. */
  async removeSession(
    created: { network: string; serviceId: string | null },
    sessionId: string,
  ): Promise<void> {
    if (created.serviceId !== null) await this.removeService(created.serviceId, created.network);
    await this.removeNetwork(created.network, sessionId);
  }

  /**
   * Removes a service (one already gone is fine) and waits until its tasks are gone: the
   * node's agent stops and removes the container first, then reports. Tasks on a node
   * that is down cannot report; they are not waited for (the node removes the container
   * when it comes back). Gives up after `waitMs`.
   */
  async removeService(serviceId: string, serviceName: string, waitMs = 30_000): Promise<void> {
    const taskIds = (await this.tasks([serviceName])).map((t) => t.ID ?? '').filter(Boolean);
    await tolerating(this.docker.getService(serviceId).remove(), 404);
    const deadline = Date.now() + waitMs;
    for (
      let delay = 100;
      taskIds.length > 0 && Date.now() < deadline;
      delay = Math.min(delay * 2, 500)
    ) {
      const [left, nodes] = await Promise.all([
        this.docker.listTasks({ filters: { id: taskIds } }) as Promise<Task[]>,
        this.nodes(),
      ]);
      const waiting = left.filter((t) => {
        const node = t.NodeID ? nodes.get(t.NodeID) : undefined;
        return node !== undefined && node.Status?.State === 'ready';
      });
      if (waiting.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  /**
   * Removes the session's network once its container has left it (the node detaches it
   * a moment after the service is removed). Only a network with this session's labels;
   * one already gone is fine. Gives up after `waitMs`; `sweepNetworks` catches it later.
   */
  async removeNetwork(name: string, sessionId: string, waitMs = 20_000): Promise<void> {
    const deadline = Date.now() + waitMs;
    for (let delay = 100; ; delay = Math.min(delay * 2, 1_000)) {
      const network = this.docker.getNetwork(name);
      const info = await tolerating(network.inspect(), 404);
      if (!info || !hasSessionLabels(info.Labels, this.instanceId, sessionId)) return;
      try {
        await network.remove();
        return;
      } catch (error) {
        if (statusOf(error) === 404) return;
        // 403/409/500: "has active endpoints" while the node tears the container down.
        if (Date.now() > deadline) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  /** Session networks of this instance without a service (a start that died half-way), older than `minAgeMs`. */
  async sweepNetworks(minAgeMs: number): Promise<void> {
    const [networks, services] = await Promise.all([
      this.docker.listNetworks({ filters: { label: labelFilter(this.instanceId) } }),
      this.docker.listServices({ filters: { label: labelFilter(this.instanceId) } }),
    ]);
    const names = new Set((services as unknown as ServiceInfo[]).map((s) => s.Spec?.Name));
    for (const network of networks) {
      const sessionId = network.Labels?.[labelKeys.sessionId];
      const age = Date.now() - Date.parse(network.Created ?? '');
      if (!isSessionId(sessionId) || names.has(network.Name) || !(age > minAgeMs)) continue;
      await this.removeNetwork(network.Name, sessionId, 0).catch(() => undefined);
    }
  }

  /** Nodes by id, reused for a second (every poll asks). */
  nodes(): Promise<Map<string, SwarmNode>> {
    return this.nodeCache.nodes();
  }

  private tasks(serviceNames: readonly string[]): Promise<Task[]> {
    return serviceTasks(this.docker, serviceNames);
  }

  private ours(info: ServiceInfo, sessionId: string): boolean {
    return hasSessionLabels(info.Spec?.Labels, this.instanceId, sessionId);
  }
}
