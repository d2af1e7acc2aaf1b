/**
 * Chooses the spawner from `config.spawner`: `local` (bubblewrap sandbox), `docker`, or
 * `auto` — Docker when its daemon answers and the configured image exists, else local.
 */
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import { LocalSpawner } from './local/local-spawner.js';
import type { Spawner } from './spawner.js';

export async function createSpawner(config: Config, dataDir: string, log: Logger): Promise<Spawner> {
  if (config.spawner === 'docker') return dockerSpawner(config, dataDir, log);
  if (config.spawner === 'auto') {
    const docker = await dockerSpawner(config, dataDir, log).catch(() => null);
    if (docker) {
      try {
        await docker.check();
        return docker;
      } catch (e) {
        log.info('Docker is not usable; using the local sandbox', { reason: e });
        await docker.close();
      }
    }
  }
  return new LocalSpawner({ pythonPath: config.localPython, uid: config.localUid, dataDir, logger: log });
}

async function dockerSpawner(_config: Config, _dataDir: string, _log: Logger): Promise<Spawner> {
  throw new Error('the Docker spawner is not available in this build');
}
