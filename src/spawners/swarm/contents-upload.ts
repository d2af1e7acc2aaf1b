/**
 * Copies a host folder into a running Jupyter server through its own contents API
 * (`PUT {base}api/contents/<path>`, with the server's token), the way the hub reaches
 * the server anyway. A Swarm service's container lives on another node, where the hub's
 * Engine API (a manager's) cannot `putArchive`; Swarm configs are capped at 500 KB and
 * would stay in the cluster store. This works for any spawner and keeps "copied in,
 * never mounted": the server writes the files as its own user.
 *
 * Only regular files and folders are copied (symlinks, devices and sockets are skipped,
 * so nothing outside the folder is pulled in). Files above `chunkBytes` go in chunks
 * (Notebook's LargeFileManager: `chunk` 1, 2, …, -1 for the last), so no request body
 * is larger than about 1.4 × `chunkBytes`.
 */
import { open } from 'node:fs/promises';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeContentsPath, jupyterUrl, type JupyterServer } from '../../jupyter/jupyter-fetch.js';

export const chunkBytes = 4 * 1024 * 1024;

/** Uploads the contents of `dir` into the server's root folder; rejects on the first failure. */
export async function uploadFolder(
  server: JupyterServer,
  dir: string,
  signal: AbortSignal,
): Promise<void> {
  for await (const entry of walk(dir, '')) {
    signal.throwIfAborted();
    if (entry.directory) await put(server, entry.relative, { type: 'directory' }, signal);
    else await uploadFile(server, entry.path, entry.relative, signal);
  }
}

async function uploadFile(
  server: JupyterServer,
  path: string,
  relative: string,
  signal: AbortSignal,
): Promise<void> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(Math.max(size, 1), chunkBytes));
    if (size <= chunkBytes) {
      const { bytesRead } = await handle.read(buffer, 0, size, 0);
      const content = buffer.subarray(0, bytesRead).toString('base64');
      return await put(server, relative, fileModel(content), signal);
    }
    for (let offset = 0, chunk = 1; offset < size; offset += chunkBytes, chunk++) {
      const { bytesRead } = await handle.read(
        buffer,
        0,
        Math.min(chunkBytes, size - offset),
        offset,
      );
      const last = offset + chunkBytes >= size;
      const content = buffer.subarray(0, bytesRead).toString('base64');
      await put(server, relative, { ...fileModel(content), chunk: last ? -1 : chunk }, signal);
    }
  } finally {
    await handle.close();
  }
}

function fileModel(content: string): Record<string, unknown> {
  return { type: 'file', format: 'base64', content };
}

async function put(
  server: JupyterServer,
  relative: string,
  model: Record<string, unknown>,
  signal: AbortSignal,
): Promise<void> {
  const url = jupyterUrl(server, `api/contents/${encodeContentsPath(relative)}`);
  const response = await fetch(url, {
    method: 'PUT',
    headers: { authorization: `token ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(model),
    redirect: 'manual',
    signal,
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`uploading ${relative}: HTTP ${response.status} ${text.slice(0, 200)}`);
  }
}

async function* walk(
  dir: string,
  prefix: string,
): AsyncGenerator<{ path: string; relative: string; directory: boolean }> {
  const names = (await readdir(dir)).sort();
  for (const name of names) {
    const path = join(dir, name);
    const relative = prefix ? `${prefix}/${name}` : name;
    const stat = await lstat(path);
    if (stat.isDirectory()) {
      yield { path, relative, directory: true };
      yield* walk(path, relative);
    } else if (stat.isFile()) {
      yield { path, relative, directory: false };
    }
  }
}
