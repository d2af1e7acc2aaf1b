import type Docker from 'dockerode';
import { unavailable } from '../spawner-errors.js';
import { pingDocker, tolerating } from './docker-client.js';

/** How long a health check waits for the engine's `/_ping`. */
const pingTimeoutMs = 2_000;

/**
 * The first step of the Docker and the Swarm spawner's `check`: `/_ping` (given up after
 * two seconds), then `next` (say, `docker.info()`); a failure of either is
 * `spawner_unavailable`, "The Docker engine is not reachable."
 */
export function reachEngine<T>(docker: Docker, next: () => Promise<T>): Promise<T> {
  return pingDocker(docker, pingTimeoutMs)
    .then(next)
    .catch((cause: unknown) => {
      throw unavailable('The Docker engine is not reachable.', cause);
    });
}

/** The session image must be on the engine (the Docker spawner never pulls it). */
export async function requireImage(docker: Docker, image: string): Promise<void> {
  const found = await tolerating(docker.getImage(image).inspect(), 404);
  if (!found) {
    throw unavailable(
      'The session image is not on the Docker engine.',
      new Error(`image ${image} missing; build it with images/notebook/build.sh`),
    );
  }
}
