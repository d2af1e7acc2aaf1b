/**
 * How both spawners' static copies (docker-static-copy.ts, local-static-copy.ts) reach
 * `<copiesDir>/<key>/`: filled in a private `<key>.partial-<pid>` folder, then renamed into
 * place in one step, so a half-made copy is never served. Idempotent: an existing copy is
 * reused, and a copy another process renamed into place first wins.
 */
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Returns `<copiesDir>/<key>`, made by `fill(partial)` unless it is there. */
export async function publishCopy(
  copiesDir: string,
  key: string,
  fill: (partial: string) => Promise<void>,
): Promise<string> {
  const dest = join(copiesDir, key);
  if (await isDir(dest)) return dest;
  await mkdir(copiesDir, { recursive: true, mode: 0o700 });
  const partial = `${dest}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  try {
    await fill(partial);
    await rename(partial, dest).catch(async (error: unknown) => {
      if (!(await isDir(dest))) throw error;
    });
    return dest;
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
}

async function isDir(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}
