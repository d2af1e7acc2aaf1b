/**
 * Sets up the Swarm spawner against a real swarm for tests: the 3-node swarm of
 * scripts/swarm/cluster.sh when its environment is exported (`eval "$(cluster.sh env)"`:
 * CNH_SWARM_MANAGER, CNH_SWARM_NODES, CNH_SWARM_NOTEBOOK_IMAGE), else the engine named by
 * CNH_SWARM_DEV_SOCKET (a one-node swarm of a developer's own). A hub instance id of its
 * own per harness, and a cleanup that removes every service and network of it. A swarm
 * being absent is a failure, not a skip.
 */
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { pingDocker, tolerating } from '../../src/spawners/docker/docker-client.js';
import { labelFilter, labelKeys } from '../../src/spawners/docker/docker-names.js';
import type { ResourceLimits, SpawnerState } from '../../src/spawners/spawner.js';
import { SwarmSpawner } from '../../src/spawners/swarm/swarm-spawner.js';
import type { SwarmSpawnerOptions } from '../../src/spawners/swarm/swarm-spawner-options.js';
import { parseSwarmState } from '../../src/spawners/swarm/swarm-state.js';

const env = process.env;
const containerGoneMs = 30_000;
const devSocket = env.CNH_SWARM_DEV_SOCKET;
export const managerSocket = (
  env.CNH_SWARM_MANAGER ?? (devSocket ? `unix://${devSocket}` : '')
).replace(/^unix:\/\//, '');
export const swarmImage = env.CNH_SWARM_NOTEBOOK_IMAGE ?? 'ckan-notebook-hub/notebook:latest';

/** Each node's own engine, by its name in CNH_SWARM_NODES (`sw1=unix:///run/…sock …`). */
export function nodeSockets(): Map<string, string> {
  const pairs = (env.CNH_SWARM_NODES ?? '').split(/\s+/).filter(Boolean);
  const map = new Map(pairs.map((p) => p.split('=') as [string, string]));
  if (map.size === 0 && managerSocket) map.set('', `unix://${managerSocket}`);
  return new Map([...map].map(([name, url]) => [name, url.replace(/^unix:\/\//, '')]));
}

export async function requireSwarm(): Promise<Docker> {
  if (!managerSocket)
    throw new Error(
      'No swarm: run scripts/swarm/cluster.sh up and eval "$(scripts/swarm/cluster.sh env)" (or set CNH_SWARM_DEV_SOCKET)',
    );
  const docker = new Docker({ socketPath: managerSocket, timeout: 30_000 });
  await pingDocker(docker, 5_000).catch((cause: unknown) => {
    throw new Error(`The swarm manager at ${managerSocket} does not answer`, { cause });
  });
  const info = (await docker.info()) as { Swarm?: { ControlAvailable?: boolean } };
  if (info.Swarm?.ControlAvailable !== true)
    throw new Error(`${managerSocket} is not a swarm manager`);
  return docker;
}

export interface SwarmHarness {
  readonly docker: Docker;
  readonly spawner: SwarmSpawner;
  readonly instanceId: string;
  /** The engine of the node a session's task runs on (for inspecting its container). */
  nodeEngine(state: SpawnerState): Promise<Docker>;
  limitsOf(state: SpawnerState): Promise<ResourceLimits>;
  leftovers(sessionId: string): Promise<string[]>;
  cleanup(): Promise<void>;
}

export async function makeSwarmHarness(
  overrides: Partial<SwarmSpawnerOptions> = {},
): Promise<SwarmHarness> {
  const docker = await requireSwarm();
  const instanceId = overrides.instanceId ?? `t${randomBytes(6).toString('hex')}`;
  const spawner = new SwarmSpawner({
    socketPath: managerSocket,
    image: swarmImage,
    preset: 'notebook6',
    instanceId,
    constraints: [],
    reservePercent: 10,
    extraLabels: { 'cnh.owner': 'swarm-spawner' },
    ...overrides,
  });
  const engines = [...nodeSockets().values()].map(
    (socketPath) => new Docker({ socketPath, timeout: 30_000 }),
  );
  const nodeEngine = async (state: SpawnerState): Promise<Docker> => {
    const { serviceName } = parseSwarmState(state)!;
    for (const engine of engines) {
      const list = await engine.listContainers({
        filters: { label: [`com.docker.swarm.service.name=${serviceName}`] },
      });
      if (list.length > 0) return engine;
    }
    throw new Error(`no node runs ${serviceName}`);
  };
  const containerOf = async (state: SpawnerState) => {
    const engine = await nodeEngine(state);
    const { serviceName } = parseSwarmState(state)!;
    const [first] = await engine.listContainers({
      filters: { label: [`com.docker.swarm.service.name=${serviceName}`] },
    });
    return engine.getContainer(first!.Id);
  };
  return {
    docker,
    spawner,
    instanceId,
    nodeEngine,
    async limitsOf(state) {
      const { HostConfig } = await (await containerOf(state)).inspect();
      return {
        cpuPercent: ((HostConfig.NanoCpus ?? 0) / 1e9) * 100,
        memoryBytes: HostConfig.Memory ?? 0,
        pidsLimit: HostConfig.PidsLimit ?? 0,
      };
    },
    async leftovers(sessionId) {
      const filters = { label: labelFilter(instanceId, sessionId) };
      const services = await docker.listServices({ filters });
      const networks = await docker.listNetworks({ filters });
      const found = [
        ...services.map((s) => `service ${s.Spec?.Name}`),
        ...networks.map((n) => `network ${n.Name}`),
      ];
      // The manager forgets a task once its node reported it shut down; the node's agent
      // removes the container a moment later, out of the manager's (and the hub's) sight.
      // So containers are waited for (the condition itself, with a generous bound).
      const deadline = Date.now() + containerGoneMs;
      for (;;) {
        const containers: string[] = [];
        for (const engine of engines) {
          // A node whose engine is stopped (a node-loss test) holds no running container.
          const list = await engine.listContainers({ all: true, filters }).catch(() => []);
          containers.push(...list.map((c) => `container ${c.Names.join(',')} (${c.State})`));
        }
        if (containers.length === 0 || Date.now() > deadline) return [...found, ...containers];
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async cleanup() {
      await spawner.close();
      const filters = { label: [`${labelKeys.hubInstance}=${instanceId}`] };
      for (const s of await docker.listServices({ filters }))
        await tolerating(docker.getService(s.ID).remove(), 404);
      for (const n of await docker.listNetworks({ filters })) {
        for (let attempt = 0; attempt < 40; attempt++) {
          const gone = await tolerating(docker.getNetwork(n.Id).remove(), 404).then(
            () => true,
            () => false,
          );
          if (gone) break;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    },
  };
}
