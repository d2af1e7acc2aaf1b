import type { Config } from '../../config/schema.js';
import type { Logger } from '../../log.js';
import { instanceIdFor } from '../local/instance-id.js';
import { DockerSpawner } from './docker-spawner.js';
import type { StaticCopies } from '../../static/static-copies.js';

/**
 * The Docker spawner as the hub configures it: socket, image, network, egress, preset
 * and storage cap from the config; the instance id from the data folder (as the local
 * spawner does), so a restarted hub with the same data folder adopts its containers.
 */
export function createDockerSpawner(
  config: Config,
  dataDir: string,
  log: Logger,
  sharedStatic?: StaticCopies,
): DockerSpawner {
  return new DockerSpawner({
    socketPath: config.dockerSocket,
    image: config.dockerImage,
    network: config.dockerNetwork,
    egress: config.dockerEgress,
    preset: config.serverPreset,
    storageLimit: config.dockerStorageLimit,
    instanceId: instanceIdFor(dataDir),
    logger: log,
    ...(sharedStatic ? { sharedStatic: { copies: sharedStatic, dataDir } } : {}),
  });
}
