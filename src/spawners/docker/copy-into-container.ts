import type Docker from 'dockerode';
import { archiveDirectory } from './files-archive.js';

/**
 * Copies the contents of a host folder into the container's home folder (`putArchive` of
 * `files-archive.ts`), every entry owned by the notebook user so the server can save
 * over it. Never a mount: the container sees a copy.
 */
export async function copyIntoContainer(
  container: Docker.Container,
  dir: string,
  user: { readonly uid: number; readonly homeDir: string },
  signal: AbortSignal,
): Promise<void> {
  const archive = archiveDirectory(dir, { uid: user.uid, gid: user.uid });
  await container.putArchive(archive, { path: user.homeDir, abortSignal: signal });
}
