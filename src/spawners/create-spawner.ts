/**
 * Chooses the spawner from `config.spawner`: `local` (bubblewrap sandbox), `docker`, or
 * `auto` — Docker when its daemon answers and the configured image exists, else local.
 * `sharedStatic` (the hub's copies when config `sharedStatic` is on) goes to either.
 */
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import { createDockerSpawner } from './docker/create-docker-spawner.js';
import { LocalSpawner } from './local/local-spawner.js';
import type { Spawner } from './spawner.js';
import type { StaticCopies } from '../static/static-copies.js';

export async function createSpawner(
  config: Config,
  dataDir: string,
  log: Logger,
  sharedStatic?: StaticCopies,
): Promise<Spawner> {
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
