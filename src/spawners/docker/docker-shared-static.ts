import type Docker from 'dockerode';
import { resolve } from 'node:path';
import { copyImageStatic, imageStaticKey } from '../../static/docker-static-copy.js';
import type { SharedStaticCopy } from '../../static/static-copies.js';
import { instanceLabels, labelKeys } from './docker-names.js';
import type { DockerSpawnerOptions } from './docker-spawner-options.js';

type SharedStaticOptions = Pick<
  DockerSpawnerOptions,
  'sharedStatic' | 'preset' | 'image' | 'instanceId' | 'logger'
>;

/**
 * The shared static copy of the configured image (README, "Static files"), made once per
 * image id; null without `sharedStatic`, for other presets, or when the copy failed
 * (logged; servers then keep their own static path).
 */
export async function dockerSharedStatic(
  docker: Docker,
  options: SharedStaticOptions,
): Promise<(SharedStaticCopy & { readonly imageId: string }) | null> {
  const shared = options.sharedStatic;
  if (!shared || options.preset !== 'notebook6') return null;
  try {
    const imageId = (await docker.getImage(options.image).inspect()).Id;
    const key = imageStaticKey(imageId);
    const copiesDir = resolve(shared.dataDir, 'state', 'nbstatic');
    const labels = { ...instanceLabels(options.instanceId), [labelKeys.staticCopy]: 'true' };
    await removeLeftoverCopiers(docker, options);
    await shared.copies.prepare(key, () =>
      copyImageStatic(docker, imageId, copiesDir, key, labels),
    );
    return { prefix: shared.copies.prefixFor(key), key, imageId };
  } catch (error) {
    options.logger?.warn('shared static files unavailable; per-session static path', {
      error: String(error),
    });
    return null;
  }
}

/**
 * Removes the never-started copy containers of this hub instance that an earlier run left
 * behind (it died during a copy). Only this instance's: another hub may be copying now.
 */
async function removeLeftoverCopiers(docker: Docker, options: SharedStaticOptions) {
  const leftovers = await docker.listContainers({
    all: true,
    filters: {
      label: [`${labelKeys.hubInstance}=${options.instanceId}`, `${labelKeys.staticCopy}=true`],
    },
  });
  for (const { Id } of leftovers) {
    await docker
      .getContainer(Id)
      .remove({ force: true })
      .catch(() => undefined);
  }
  if (leftovers.length > 0)
    options.logger?.warn('removed static copy containers an earlier run left', {
      count: leftovers.length,
    });
}
