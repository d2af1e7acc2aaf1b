/**
 * Session workspaces on the host: `<root>/<sessionId>/`, mounted as the sandbox's home.
 * The hub may run as root while visitors control what is inside a running workspace, so
 * root only ever writes into a workspace no sandbox has seen yet; later copies run
 * inside a sandbox as the visitor's uid (see `buildCopyCommand`).
 */
import { constants } from 'node:fs';
import { access, chmod, cp, lchown, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface Owner {
  readonly uid: number;
  readonly gid: number;
}

/** Creates the workspace root, traversable but not listable by others (session ids stay private). */
export async function ensureWorkspaceRoot(root: string): Promise<void> {
  await mkdir(root, { recursive: true });
  await chmod(root, 0o711);
}

/**
 * Fills a folder that no sandbox has seen yet with a copy of `filesDir` (when given) and
 * hands it all to `owner`. Symlinks stay symlinks; a sandbox resolves them in its own view.
 */
export async function fillWorkspace(
  dir: string,
  filesDir: string | null,
  owner: Owner | null,
): Promise<void> {
  if (filesDir !== null)
    await cp(filesDir, dir, { recursive: true, force: true, verbatimSymlinks: true });
  if (owner !== null) await chownTree(dir, owner);
}

/** `chown -R` that never follows a symlink. */
export async function chownTree(dir: string, owner: Owner): Promise<void> {
  await lchown(dir, owner.uid, owner.gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(path, owner);
    else await lchown(path, owner.uid, owner.gid);
  }
}

export async function removeTree(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

export async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * The first folder on the way to `dir` that `uid` cannot pass through, or null. bwrap
 * runs as that uid and resolves its bind sources by path, so a 0700 data folder owned
 * by root would make every start fail.
 */
export async function untraversableAncestor(
  dir: string,
  owner: Owner | null,
): Promise<string | null> {
  if (owner === null) {
    return access(dir, constants.X_OK).then(
      () => null,
      () => dir,
    );
  }
  for (let path = dir; ; path = dirname(path)) {
    const info = await stat(path).catch(() => null);
    if (info === null) return path;
    const bit = info.uid === owner.uid ? 0o100 : info.gid === owner.gid ? 0o010 : 0o001;
    if ((info.mode & bit) === 0) return path;
    if (path === dirname(path)) return null;
  }
}
