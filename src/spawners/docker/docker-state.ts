import type { SpawnerState } from '../spawner.js';
import { isInstanceId, isSessionId } from './docker-names.js';

/**
 * What the Docker spawner keeps about a session, persisted by the hub as opaque JSON.
 * Every action first checks the container's labels against it, so a stale or foreign
 * state can never stop or read another hub's (or nobody's) container.
 */
export interface DockerState {
  readonly kind: 'docker';
  readonly sessionId: string;
  readonly instanceId: string;
  /** Full container id. */
  readonly containerId: string;
  readonly containerName: string;
}

const containerIdPattern = /^[0-9a-f]{64}$/;

/** Reads a state back; null when it is not a Docker state (then there is nothing to act on). */
export function parseDockerState(state: SpawnerState | null | undefined): DockerState | null {
  if (!state || state.kind !== 'docker') return null;
  const { sessionId, instanceId, containerId, containerName } = state;
  if (!isSessionId(sessionId) || !isInstanceId(instanceId)) return null;
  if (typeof containerId !== 'string' || !containerIdPattern.test(containerId)) return null;
  if (typeof containerName !== 'string') return null;
  return { kind: 'docker', sessionId, instanceId, containerId, containerName };
}
