/**
 * Sets up the Docker spawner against the real engine for tests: a hub instance id and a
 * session network of its own per harness (so parallel runs and a running hub never see
 * each other's containers), and a cleanup that removes every container, the network and
 * its firewall chains. Docker being absent is a failure, not a skip.
 */
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import {
  createDockerClient,
  pingDocker,
  tolerating,
} from '../../src/spawners/docker/docker-client.js';
import {
  bridgeInterfaceName,
  labelFilter,
  labelKeys,
} from '../../src/spawners/docker/docker-names.js';
import { DockerSpawner } from '../../src/spawners/docker/docker-spawner.js';
import type { DockerSpawnerOptions } from '../../src/spawners/docker/docker-spawner-options.js';
import { parseDockerState } from '../../src/spawners/docker/docker-state.js';
import { iptablesRunner, removeNetworkGuard } from '../../src/spawners/docker/network-guard.js';
import type { ResourceLimits, SpawnerState } from '../../src/spawners/spawner.js';

export const dockerSocket = '/var/run/docker.sock';
export const testImage = 'ckan-notebook-hub/notebook:latest';

/** Throws (fails the suite) with what to run when the engine or the image is missing. */
export async function requireDocker(): Promise<Docker> {
  const docker = createDockerClient(dockerSocket);
  try {
    await pingDocker(docker, 5_000);
  } catch (cause) {
    throw new Error(
      `Docker is not available at ${dockerSocket}: run scripts/ensure-docker.sh (as root) first`,
      { cause },
    );
  }
  if (!(await tolerating(docker.getImage(testImage).inspect(), 404))) {
    throw new Error(`The image ${testImage} is missing: run images/notebook/build.sh first`);
  }
  return docker;
}

export interface DockerHarness {
  readonly docker: Docker;
  readonly spawner: DockerSpawner;
  readonly instanceId: string;
  readonly network: string;
  /** The container behind a state (for inspect and for removing it behind the spawner's back). */
  container(state: SpawnerState): Docker.Container;
  limitsOf(state: SpawnerState): Promise<ResourceLimits>;
  /** Names of containers still labelled with the session. */
  leftovers(sessionId: string): Promise<string[]>;
  cleanup(): Promise<void>;
}

export async function makeDockerHarness(
  overrides: Partial<DockerSpawnerOptions> = {},
): Promise<DockerHarness> {
  const docker = await requireDocker();
  const instanceId = `t${randomBytes(6).toString('hex')}`;
  const network = overrides.network ?? `cnh-test-${instanceId}`;
  const spawner = new DockerSpawner({
    socketPath: dockerSocket,
    image: testImage,
    network,
    egress: true,
    preset: 'notebook6',
    storageLimit: null,
    instanceId,
    ...overrides,
  });
  const container = (state: SpawnerState) =>
    docker.getContainer(parseDockerState(state)!.containerId);
  return {
    docker,
    spawner,
    instanceId,
    network,
    container,
    async limitsOf(state) {
      const { HostConfig } = await container(state).inspect();
      return {
        cpuPercent: ((HostConfig.CpuQuota ?? 0) / (HostConfig.CpuPeriod ?? 1)) * 100,
        memoryBytes: HostConfig.Memory ?? 0,
        pidsLimit: HostConfig.PidsLimit ?? 0,
      };
    },
    async leftovers(sessionId) {
      const list = await docker.listContainers({
        all: true,
        filters: { label: labelFilter(instanceId, sessionId) },
      });
      return list.map((c) => `container ${c.Names.join(',')} (${c.State})`);
    },
    async cleanup() {
      await spawner.close();
      const list = await docker.listContainers({
        all: true,
        filters: { label: [`${labelKeys.hubInstance}=${instanceId}`] },
      });
      for (const c of list)
        await tolerating(docker.getContainer(c.Id).remove({ force: true, v: true }), 404, 409);
      await tolerating(docker.getNetwork(network).remove(), 404);
      await removeNetworkGuard(bridgeInterfaceName(network), iptablesRunner());
    },
  };
}
