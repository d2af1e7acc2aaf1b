import { createHash } from 'node:crypto';
import { isSessionId } from '../spawner.js';

/**
 * Labels on every container and network the Docker spawner creates, so that a restarted
 * hub finds (adopts or reaps) exactly its own and never another hub's.
 */
export const labelKeys = {
  managedBy: 'org.ckan-notebook-hub.managed-by',
  sessionId: 'org.ckan-notebook-hub.session-id',
  hubInstance: 'org.ckan-notebook-hub.hub-instance',
  /** On the never-started container a shared static copy is read from (static/). */
  staticCopy: 'org.ckan-notebook-hub.static-copy',
} as const;

export const managedByValue = 'ckan-notebook-hub';

const instanceIdPattern = /^[a-z0-9]{1,16}$/;

export { isSessionId };

/** Whether `value` can serve as a hub instance id (lowercase letters and digits, at most 16). */
export function isInstanceId(value: unknown): value is string {
  return typeof value === 'string' && instanceIdPattern.test(value);
}

/**
 * Whether labels mark one session of this hub instance: checked before anything acts on a
 * container, service or network named in a saved state (never another hub's, or nobody's).
 */
export function hasSessionLabels(
  labels: Readonly<Record<string, string>> | undefined,
  instanceId: string,
  sessionId: string,
): boolean {
  return (
    labels?.[labelKeys.managedBy] === managedByValue &&
    labels[labelKeys.hubInstance] === instanceId &&
    labels[labelKeys.sessionId] === sessionId
  );
}

/** Labels of everything that belongs to this hub instance (networks, containers). */
export function instanceLabels(instanceId: string): Record<string, string> {
  return { [labelKeys.managedBy]: managedByValue, [labelKeys.hubInstance]: instanceId };
}

/** Labels of one session's container. */
export function sessionLabels(instanceId: string, sessionId: string): Record<string, string> {
  return { ...instanceLabels(instanceId), [labelKeys.sessionId]: sessionId };
}

/** A Docker `label` filter list for this instance, narrowed to one session when given. */
export function labelFilter(instanceId: string, sessionId?: string): string[] {
  const labels = sessionId ? sessionLabels(instanceId, sessionId) : instanceLabels(instanceId);
  return Object.entries(labels).map(([key, value]) => `${key}=${value}`);
}

/**
 * `cnh-<instance>-<session>`: at most 61 characters of `[a-z0-9-]`, unique per hub
 * instance and session, so a second start of the same session collides (409) instead
 * of running twice.
 */
export function containerName(instanceId: string, sessionId: string): string {
  if (!isInstanceId(instanceId))
    throw new Error(`not an instance id: ${JSON.stringify(instanceId)}`);
  if (!isSessionId(sessionId)) throw new Error(`not a session id: ${JSON.stringify(sessionId)}`);
  return `cnh-${instanceId}-${sessionId}`;
}

/**
 * The Linux bridge interface of the session network, named by us (not Docker's random
 * `br-<id>`) so that firewall rules can name it before the network exists and keep
 * matching after it is recreated. Interface names are limited to 15 bytes.
 */
export function bridgeInterfaceName(networkName: string): string {
  return `cnh-${createHash('sha256').update(networkName).digest('hex').slice(0, 11)}`;
}
