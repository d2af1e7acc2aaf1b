/**
 * What the hub holds on disk, and its spawner: prepares the data folder, takes its
 * one-hub lock before anything else touches the folder, its servers or its containers,
 * loads the secrets, opens the store and makes the spawner (the injected one, or the one
 * `config.spawner` names). If any step fails, the store is closed and the lock released
 * before the error is rethrown; on success the caller owns `lock`, `store` and `spawner`
 * and closes them at shutdown.
 */
import type { Config } from '../config/schema.js';
import { loadSecrets, type HubSecrets } from '../config/secrets.js';
import { lockDataFolder, type DataFolderLock } from '../data/data-folder-lock.js';
import {
  dataFolderPaths,
  prepareDataRoot,
  preparePrivateFolders,
  type DataFolder,
} from '../data/data-folder.js';
import type { Logger } from '../log.js';
import { createSpawner } from '../spawners/create-spawner.js';
import type { Spawner } from '../spawners/spawner.js';
import { StaticCopies } from '../static/static-copies.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { TokenSeal } from '../store/token-seal.js';

export interface HubResources {
  readonly folder: DataFolder;
  readonly lock: DataFolderLock;
  readonly secrets: HubSecrets;
  readonly store: SqliteStore;
  readonly spawner: Spawner;
  /** The copies of the notebook servers' static files, when `sharedStatic` is on. */
  readonly sharedStatic: StaticCopies | undefined;
}

export async function openHubResources(
  config: Config,
  log: Logger,
  injectedSpawner?: Spawner,
): Promise<HubResources> {
  const folder = dataFolderPaths(config.dataDir);
  const dataDir = folder.root;
  prepareDataRoot(folder);
  const lock = lockDataFolder(dataDir, folder.stateDir);
  let opened: SqliteStore | null = null;
  const sharedStatic = config.sharedStatic
    ? new StaticCopies(
        `${config.basePath.endsWith('/') ? config.basePath : `${config.basePath}/`}nbstatic/`,
      )
    : undefined;
  try {
    preparePrivateFolders(folder);
    const secrets = loadSecrets(folder.secretsDir, config);
    opened = new SqliteStore(folder.storePath, new TokenSeal(secrets.storeKey));
    const spawner = injectedSpawner ?? (await createSpawner(config, dataDir, log, sharedStatic));
    return { folder, lock, secrets, store: opened, spawner, sharedStatic };
  } catch (error) {
    (opened as SqliteStore | null)?.close();
    lock.release();
    throw error;
  }
}
