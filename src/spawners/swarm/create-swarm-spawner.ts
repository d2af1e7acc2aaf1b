import type { Config } from '../../config/schema.js';
import type { Logger } from '../../log.js';
import { instanceIdFor } from '../local/instance-id.js';
import { SwarmSpawner } from './swarm-spawner.js';

/**
 * The Swarm spawner as the hub configures it: the manager's socket, the image reference,
 * the preset and the placement from the config; the instance id from the data folder (as
 * the other spawners do), so a restarted hub with the same data folder adopts its services.
 */
export function createSwarmSpawner(config: Config, dataDir: string, log: Logger): SwarmSpawner {
  return new SwarmSpawner({
    socketPath: config.dockerSocket,
    image: config.dockerImage,
    preset: config.serverPreset,
    instanceId: instanceIdFor(dataDir),
    constraints: config.swarmConstraints,
    reservePercent: config.swarmReservePercent,
    extraLabels: parseLabels(config.swarmLabels),
    logger: log,
  });
}

/** `key=value` pairs as labels; a pair without `=` is refused (the config is wrong, not the session). */
export function parseLabels(pairs: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`swarmLabels: "${pair}" is not key=value`);
    labels[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return labels;
}
