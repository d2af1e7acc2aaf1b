import { lstat, readlink } from 'node:fs/promises';

/** What of the host system a sandbox sees, read-only. */
export interface SandboxMounts {
  readonly readOnly: readonly string[];
  readonly symlinks: readonly { readonly path: string; readonly target: string }[];
}

const systemDirs = ['/usr', '/etc'];
const maybeMergedDirs = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

/**
 * /usr and /etc read-only, and each of /bin, /sbin, /lib* as the host has it: a symlink
 * into /usr on merged-/usr systems (Debian 12), otherwise a read-only bind.
 */
export async function probeSystemLayout(): Promise<SandboxMounts> {
  const readOnly = [...systemDirs];
  const symlinks: { path: string; target: string }[] = [];
  for (const path of maybeMergedDirs) {
    const stat = await lstat(path).catch(() => null);
    if (stat?.isSymbolicLink()) symlinks.push({ path, target: await readlink(path) });
    else if (stat?.isDirectory()) readOnly.push(path);
  }
  return { readOnly, symlinks };
}
