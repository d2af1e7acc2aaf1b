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
    spreadLabel: config.swarmSpreadLabel,
    reservePercent: config.swarmReservePercent,
    logger: log,
  });
}
