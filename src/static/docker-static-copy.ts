/**
 * The Docker spawner's shared static copy: the image's Notebook 6 `notebook/static`,
 * copied out of a container that is created from the image id and never started
 * (`getArchive`), into `<data>/state/nbstatic/<key>/` with its symlinks resolved inside
 * the image (Debian's image links `components/` into /usr/share/javascript: those targets
 * are fetched from the same container). The key is the image id, so the `?v=` hashes of
 * every server of that image match the copy. Idempotent: an existing copy is reused; the
 * container is removed whatever happens, and carries the caller's `labels`, so a container
 * left by a hub that died during the copy is found and removed at its next start.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, stat, writeFile, cp } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import type Docker from 'dockerode';
import { publishCopy } from './publish-copy.js';
import { readTar } from './read-tar.js';

/** Where Debian's python3-notebook (the default image) keeps its static files. */
export const imageStaticPath = '/usr/lib/python3/dist-packages/notebook/static';

const maxArchiveBytes = 512 * 1024 * 1024;
const maxLinks = 2000;

/** The copy key of an image id (`sha256:<hex>`). */
export function imageStaticKey(imageId: string): string {
  return `img-${imageId.replace(/^sha256:/, '').toLowerCase()}`;
}

export async function copyImageStatic(
  docker: Docker,
  imageId: string,
  copiesDir: string,
  key: string,
  labels: Record<string, string>,
): Promise<string> {
  return publishCopy(copiesDir, key, async (partial) => {
    const container = await docker.createContainer({
      name: `cnh-static-${randomBytes(6).toString('hex')}`,
      Image: imageId,
      Labels: labels,
      Cmd: ['true'],
      NetworkDisabled: true,
      HostConfig: { NetworkMode: 'none' },
    });
    try {
      await extractResolved(container, partial);
    } finally {
      await container.remove({ force: true }).catch(() => undefined);
    }
  });
}

/** Extracts the image's static folder to `partial`, each symlink replaced by its target. */
async function extractResolved(container: Docker.Container, partial: string): Promise<void> {
  const pending = await extract(container, imageStaticPath, partial);
  for (let round = 0; pending.length > 0; round += 1) {
    if (round > maxLinks) throw new Error('too many symlinks in the static folder');
    const link = pending.shift()!;
    const target = posix.isAbsolute(link.linkname)
      ? posix.normalize(link.linkname)
      : posix.join(posix.dirname(link.containerPath), link.linkname);
    const inside = posix.relative(imageStaticPath, target);
    if (!inside.startsWith('..') && !posix.isAbsolute(inside)) {
      const from = join(partial, ...inside.split('/'));
      if (!(await exists(from))) {
        pending.push(link);
        continue;
      }
      await cp(from, link.at, { recursive: true, errorOnExist: true });
    } else {
      pending.push(...(await extract(container, target, link.at)));
    }
  }
}

interface PendingLink {
  /** Host path the link's target goes to. */
  readonly at: string;
  /** The link's own path in the image. */
  readonly containerPath: string;
  readonly linkname: string;
}

/** Extracts the image's `source` (file or folder) to host path `dest`; returns the symlinks met. */
async function extract(container: Docker.Container, source: string, dest: string) {
  const stream = await container.getArchive({ path: source });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxArchiveBytes) throw new Error(`${source}: archive too large`);
    chunks.push(chunk);
  }
  const links: PendingLink[] = [];
  for (const entry of readTar(Buffer.concat(chunks))) {
    // Entries are named from the source's basename: strip it.
    const parts = entry.name.split('/').slice(1);
    if (parts.some((part) => part === '' || part === '.' || part === '..')) continue;
    const at = join(dest, ...parts);
    const containerPath = posix.join(source, ...parts);
    if (entry.type === 'dir') await mkdir(at, { recursive: true, mode: 0o755 });
    else if (entry.type === 'file') {
      await mkdir(dirname(at), { recursive: true, mode: 0o755 });
      await writeFile(at, entry.body, { mode: 0o644, flag: 'wx' });
    } else links.push({ at, containerPath, linkname: entry.linkname });
  }
  return links;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
