import type Docker from 'dockerode';
import { resolve } from 'node:path';
import { copyImageStatic, imageStaticKey } from '../../static/docker-static-copy.js';
import type { SharedStaticCopy } from '../../static/static-copies.js';
import type { DockerSpawnerOptions } from './docker-spawner-options.js';

/**
 * The shared static copy of the configured image (README, "Static files"), made once per
 * image id; null without `sharedStatic`, for other presets, or when the copy failed
 * (logged; servers then keep their own static path).
 */
export async function dockerSharedStatic(
  docker: Docker,
  options: DockerSpawnerOptions,
): Promise<(SharedStaticCopy & { readonly imageId: string }) | null> {
  const shared = options.sharedStatic;
  if (!shared || options.preset !== 'notebook6') return null;
  try {
    const imageId = (await docker.getImage(options.image).inspect()).Id;
    const key = imageStaticKey(imageId);
    const copiesDir = resolve(shared.dataDir, 'state', 'nbstatic');
    await shared.copies.prepare(key, () => copyImageStatic(docker, imageId, copiesDir, key));
    return { prefix: shared.copies.prefixFor(key), key, imageId };
  } catch (error) {
    options.logger?.warn('shared static files unavailable; per-session static path', {
      error: String(error),
    });
    return null;
  }
}
