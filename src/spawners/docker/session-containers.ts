import type Docker from 'dockerode';
import type { OwnedServer, SpawnerState } from '../spawner.js';
import { statusOf, tolerating } from './docker-client.js';
import { hasSessionLabels, isSessionId, labelFilter, labelKeys } from './docker-names.js';
import { parseDockerState, type DockerState } from './docker-state.js';
import { serverPort } from './server-presets.js';

export interface OwnedContainer {
  readonly container: Docker.Container;
  readonly info: Docker.ContainerInspectInfo;
}

/**
 * Finds, lists and removes the session containers of one hub instance. A state is acted
 * on only when its container still carries this hub's and this session's labels.
 */
export class SessionContainers {
  constructor(
    private readonly docker: Docker,
    private readonly instanceId: string,
    private readonly network: string,
  ) {}

  /** The container of a state, or null when it is gone or not ours. */
  async owned(state: SpawnerState): Promise<OwnedContainer | null> {
    const parsed = parseDockerState(state);
    if (parsed === null || parsed.instanceId !== this.instanceId) return null;
    const container = this.docker.getContainer(parsed.containerId);
    const info = await tolerating(container.inspect(), 404);
    const ours = hasSessionLabels(info?.Config.Labels, this.instanceId, parsed.sessionId);
    return info && ours ? { container, info } : null;
  }

  /** Every container of this instance, running or not, as `listOwned` reports them. */
  async list(): Promise<OwnedServer[]> {
    const containers = await this.docker.listContainers({
      all: true,
      filters: { label: labelFilter(this.instanceId) },
    });
    return containers.flatMap((c): OwnedServer[] => {
      const sessionId = c.Labels[labelKeys.sessionId];
      if (!isSessionId(sessionId)) return [];
      const running = c.State === 'running';
      const ip = c.NetworkSettings?.Networks?.[this.network]?.IPAddress;
      const state: DockerState = {
        kind: 'docker',
        sessionId,
        instanceId: this.instanceId,
        containerId: c.Id,
        containerName: (c.Names[0] ?? '').replace(/^\//, ''),
      };
      const url = running && ip ? `http://${ip}:${serverPort}` : null;
      return [{ sessionId, state: { ...state }, url, running }];
    });
  }

  /** Removes a container with its anonymous volumes; waits while another removal finishes. */
  async remove(container: Docker.Container): Promise<void> {
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        await container.remove({ force: true, v: true });
        return;
      } catch (error) {
        if (statusOf(error) === 404) return;
        if (statusOf(error) !== 409) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}
