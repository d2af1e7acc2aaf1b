/**
 * Chooses the spawner from `config.spawner`: `local` (bubblewrap sandbox), `docker`,
 * `swarm` (a service per session on a Docker Swarm, through a manager's socket), or
 * `auto` — Docker when its daemon answers and the configured image exists, else local.
 * `sharedStatic` (the hub's copies when config `sharedStatic` is on) goes to the local and
 * Docker spawners; Swarm servers keep their own static path.
 */
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import { createDockerSpawner } from './docker/create-docker-spawner.js';
import { createSwarmSpawner } from './swarm/create-swarm-spawner.js';
import { LocalSpawner } from './local/local-spawner.js';
import type { Spawner } from './spawner.js';
import type { StaticCopies } from '../static/static-copies.js';

export async function createSpawner(
  config: Config,
  dataDir: string,
  log: Logger,
  sharedStatic?: StaticCopies,
): Promise<Spawner> {
  // Swarm servers keep their own static path: its option is not given to them.
  if (config.spawner === 'swarm') return createSwarmSpawner(config, dataDir, log);
  if (config.spawner === 'docker') return createDockerSpawner(config, dataDir, log, sharedStatic);
  if (config.spawner === 'auto') {
    const docker = createDockerSpawner(config, dataDir, log, sharedStatic);
    try {
      await docker.check();
      return docker;
    } catch (e) {
      log.info('Docker is not usable; using the local sandbox', { reason: e });
      await docker.close();
    }
  }
  return new LocalSpawner({
    pythonPath: config.localPython,
    uid: config.localUid,
    dataDir,
    logger: log,
    ...(sharedStatic ? { sharedStatic } : {}),
  });
}
