/**
 * The local spawner's shared static copy: the host's Notebook 6 `notebook/static` (the
 * same root-owned files every sandbox mounts read-only), copied once with its symlinks
 * resolved (Debian links `components/` into /usr/share/javascript) into
 * `<data>/state/nbstatic/<key>/`, so what the hub serves is fixed at copy time and holds
 * no links. The key hashes the installation's listing (path, size, mtime of every file),
 * so an upgraded notebook package gets a new key and a new copy. Idempotent: an existing
 * copy of the same key is reused.
 */
import { execFile } from 'node:child_process';
import { cp, stat, readdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { publishCopy } from './publish-copy.js';

const run = promisify(execFile);

/** The host's `notebook/static` folder of `pythonPath` (asked of Python itself). */
export async function findNotebookStatic(pythonPath: string): Promise<string> {
  const code =
    'import os, notebook; print(os.path.join(os.path.dirname(notebook.__file__), "static"))';
  const { stdout } = await run(pythonPath, ['-I', '-c', code], {
    cwd: '/',
    env: { PATH: '/usr/bin:/bin' },
    timeout: 30_000,
  });
  return stdout.trim();
}

/** The key of the installation at `staticDir`: `local-` and a hash of its listing. */
export async function localStaticKey(staticDir: string): Promise<string> {
  const hash = createHash('sha256').update(staticDir);
  for await (const line of listing(staticDir, '', 0)) hash.update(line);
  return `local-${hash.digest('hex').slice(0, 32)}`;
}

/** Copies `staticDir` (links resolved) to `<copiesDir>/<key>` unless it is there; returns that folder. */
export async function copyLocalStatic(
  staticDir: string,
  copiesDir: string,
  key: string,
): Promise<string> {
  return publishCopy(copiesDir, key, (partial) =>
    cp(staticDir, partial, { recursive: true, dereference: true, errorOnExist: true }),
  );
}

async function* listing(dir: string, prefix: string, depth: number): AsyncGenerator<string> {
  if (depth > 32) throw new Error(`${dir}: too deep`);
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name);
    const info = await stat(path);
    const relative = `${prefix}/${name}`;
    if (info.isDirectory()) yield* listing(path, relative, depth + 1);
    else yield `${relative}\0${info.size}\0${info.mtimeMs}\n`;
  }
}
