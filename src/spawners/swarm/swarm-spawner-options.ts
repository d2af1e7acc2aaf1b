import type { ServerPreset } from '../docker/server-presets.js';
import type { SpawnerLogger } from '../spawner.js';
import type { NodeGuardSettings } from './isolation/node-guard.js';

/**
 * Everything the Swarm spawner needs, given explicitly by the composition root (it reads
 * no environment); `createSwarmSpawner` fills it from the hub's config.
 */
export interface SwarmSpawnerOptions {
  /** Engine API socket of a Swarm manager (config `dockerSocket`). */
  readonly socketPath: string;
  /** Registry reference of the session image every node pulls (config `dockerImage`). */
  readonly image: string;
  /** Server command and URL layout of the image (config `serverPreset`). */
  readonly preset: ServerPreset;
  /** Marks this hub's services and networks (lowercase letters and digits, at most 16). */
  readonly instanceId: string;
  /** Placement constraints (config `swarmConstraints`). */
  readonly constraints: readonly string[];
  /** Share of the CPU and memory limits reserved on the node (config `swarmReservePercent`). */
  readonly reservePercent: number;
  /** More labels on every service, container and network (e.g. an owner label). */
  readonly extraLabels?: Readonly<Record<string, string>>;
  /** Home of the notebook user in the image; default `/home/jovyan`. */
  readonly homeDir?: string;
  /** uid of the notebook user; default 1000. */
  readonly uid?: number;
  /**
   * The node guard `check()` creates or updates and waits for (config `swarmGuard*`);
   * absent: no guard (sessions are not fenced off; tests of other parts, `swarmGuard: false`).
   * Its port and constraints come from the spawner.
   */
  readonly guard?: Omit<NodeGuardSettings, 'sessionPort' | 'constraints'>;
  readonly logger?: SpawnerLogger;
}
