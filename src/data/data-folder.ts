/**
 * The data folder's layout and permissions, made right on every start (a new `--data`
 * path works on the first start, with any spawner):
 *
 *   <data>/             0711  traversable, not listable: the sandbox user reaches its workspace
 *   <data>/state/       0700  hub.sqlite (0600), the lock — the hub's user only
 *   <data>/secrets/     0700  generated secrets (0600)
 *   <data>/logs/        0700  server logs (0600)
 *   <data>/staging/     0700  notebooks being copied into a session
 *   <data>/workspaces/  0711  (local spawner) one 0700 folder per session, owned by the sandbox user
 *
 * A store from before this layout (`<data>/hub.sqlite`) is moved into `state/`.
 */
import { chmodSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface DataFolder {
  readonly root: string;
  readonly stateDir: string;
  readonly secretsDir: string;
  readonly stagingDir: string;
  readonly storePath: string;
}

/** Paths of the data folder at `dataDir`; nothing is created. */
export function dataFolderPaths(dataDir: string): DataFolder {
  const root = resolve(dataDir);
  const stateDir = join(root, 'state');
  return {
    root,
    stateDir,
    secretsDir: join(root, 'secrets'),
    stagingDir: join(root, 'staging'),
    storePath: join(stateDir, 'hub.sqlite'),
  };
}

/**
 * Creates the root (and missing parents, traversable) and the private `state/` folder.
 * Only what the lock needs: the rest waits until the lock is held ({@link preparePrivateFolders}).
 */
export function prepareDataRoot(folder: DataFolder): void {
  mkdirSync(folder.root, { recursive: true, mode: 0o711 });
  const mode = statSync(folder.root).mode & 0o777;
  // Sandboxed servers run as another uid and must pass through the root to their
  // workspace; everything private sits in 0700 folders below it.
  if ((mode & 0o011) !== 0o011 && ownedByHub(folder.root)) chmodSync(folder.root, mode | 0o011);
  privateDir(folder.stateDir);
}

/** Private folders (0700, also when they existed with wider modes) and the store's move into state/. */
export function preparePrivateFolders(folder: DataFolder): void {
  for (const dir of [folder.secretsDir, join(folder.root, 'logs'), folder.stagingDir])
    privateDir(dir);
  const legacy = join(folder.root, 'hub.sqlite');
  if (existsSync(legacy) && !existsSync(folder.storePath)) {
    for (const suffix of ['', '-wal', '-shm'])
      if (existsSync(legacy + suffix)) renameSync(legacy + suffix, folder.storePath + suffix);
  }
}

function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if ((statSync(dir).mode & 0o077) !== 0 && ownedByHub(dir)) chmodSync(dir, 0o700);
}

function ownedByHub(path: string): boolean {
  const uid = process.getuid?.();
  return uid === undefined || statSync(path).uid === uid;
}
