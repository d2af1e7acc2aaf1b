import type Docker from 'dockerode';
import { HubError } from '../../errors/hub-error.js';
import { dockerMessage, tolerating } from './docker-client.js';

/**
 * Whether the engine honours `StorageOpt.size`: overlay2 caps a container's writable
 * layer only on xfs mounted with `pquota` (devicemapper, btrfs and zfs have their own
 * rules). Docker says so only when a container is created, so a throw-away container
 * (never started) is created and removed once; a launch never finds out late.
 */
export async function probeStorageLimit(
  docker: Docker,
  image: string,
  size: string,
): Promise<void> {
  let container: Docker.Container | null = null;
  try {
    container = await docker.createContainer({
      Image: image,
      Cmd: ['true'],
      Labels: { 'org.ckan-notebook-hub.probe': 'storage-limit' },
      HostConfig: { StorageOpt: { size }, NetworkMode: 'none', AutoRemove: false },
    });
  } catch (cause) {
    throw new HubError('spawner_unavailable', {
      message: `dockerStorageLimit is set, but this Docker engine cannot cap container storage (${dockerMessage(cause)}). Unset it or use overlay2 on xfs with pquota.`,
      cause,
    });
  } finally {
    if (container) await tolerating(container.remove({ force: true, v: true }), 404, 409);
  }
}
