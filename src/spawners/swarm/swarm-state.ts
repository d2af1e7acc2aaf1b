import { isInstanceId, isSessionId } from '../docker/docker-names.js';
import type { SpawnerState } from '../spawner.js';

/**
 * What the Swarm spawner keeps about a session, persisted by the hub as opaque JSON.
 * Every action first checks the service's labels against it, so a stale or foreign state
 * never stops or reads another hub's (or nobody's) service.
 */
export interface SwarmState {
  readonly kind: 'swarm';
  readonly sessionId: string;
  readonly instanceId: string;
  /** Service id (Swarm's 25-character id). */
  readonly serviceId: string;
  /** Name of the service and of its network. */
  readonly serviceName: string;
}

const swarmIdPattern = /^[0-9a-z]{25}$/;

/** Reads a state back; null when it is not a Swarm state (then there is nothing to act on). */
export function parseSwarmState(state: SpawnerState | null | undefined): SwarmState | null {
  if (!state || state.kind !== 'swarm') return null;
  const { sessionId, instanceId, serviceId, serviceName } = state;
  if (!isSessionId(sessionId) || !isInstanceId(instanceId)) return null;
  if (typeof serviceId !== 'string' || !swarmIdPattern.test(serviceId)) return null;
  if (typeof serviceName !== 'string') return null;
  return { kind: 'swarm', sessionId, instanceId, serviceId, serviceName };
}
