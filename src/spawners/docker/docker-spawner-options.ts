import type { StaticCopies } from '../../static/static-copies.js';
import type { SpawnerLogger } from '../spawner.js';
import type { IptablesRunner } from './network-guard.js';
import type { ServerPreset } from './server-presets.js';

/**
 * Everything the Docker spawner needs, given explicitly by the composition root (it
 * reads no environment); `createDockerSpawner` fills it from the hub's config.
 */
export interface DockerSpawnerOptions {
  /** Engine API socket (config `dockerSocket`). */
  readonly socketPath: string;
  /** Image of every session container (config `dockerImage`); never pulled. */
  readonly image: string;
  /** Session network name (config `dockerNetwork`); created when missing. */
  readonly network: string;
  /** Whether sessions may reach the internet (config `dockerEgress`). */
  readonly egress: boolean;
  /** Server command and URL layout of the image (config `serverPreset`). */
  readonly preset: ServerPreset;
  /** Writable-layer size cap such as `2G` (config `dockerStorageLimit`); null for none. */
  readonly storageLimit: string | null;
  /** Marks this hub's containers (lowercase letters and digits, at most 16). */
  readonly instanceId: string;
  /** Home of the notebook user in the image; default `/home/jovyan`. */
  readonly homeDir?: string;
  /** uid (and gid of copied files) of the notebook user; default 1000. */
  readonly uid?: number;
  /** Grace period of `stop` before SIGKILL; default 2. */
  readonly stopGraceSeconds?: number;
  /** Default: `iptables` on PATH. */
  readonly iptables?: IptablesRunner;
  readonly logger?: SpawnerLogger;
  /**
   * The shared static path (config `sharedStatic`, notebook6 preset only): the image's
   * `notebook/static` is copied out of a never-started container once per image id into
   * `<dataDir>/state/nbstatic/`, and servers link their static files there. Absent:
   * servers serve their own under their base URL.
   */
  readonly sharedStatic?: { readonly copies: StaticCopies; readonly dataDir: string };
}
