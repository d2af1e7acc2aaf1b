import type { StaticCopies } from '../../static/static-copies.js';
import type { SpawnerLogger } from '../spawner.js';

/** Everything the local spawner needs, given explicitly by the composition root (it reads no environment). */
export interface LocalSpawnerOptions {
  /** Python with Jupyter Notebook (config `localPython`); must live under /usr, which sandboxes see. */
  readonly pythonPath: string;
  /** Host uid and gid sandboxes run as when the hub runs as root (config `localUid`). */
  readonly uid: number;
  /** The hub's data folder: workspaces go to `workspaces/`, server logs to `logs/local/`. */
  readonly dataDir: string;
  /** Marks this hub's sandboxes; defaults to one derived from the absolute data folder. */
  readonly instanceId?: string;
  /** Default `/usr/bin/bwrap`. */
  readonly bwrapPath?: string;
  /** Default `/usr/bin/setpriv` (util-linux); used only when the hub runs as root. */
  readonly setprivPath?: string;
  /** Where the cgroup v1 controllers are mounted; default `/sys/fs/cgroup`. */
  readonly cgroupRoot?: string;
  readonly logger?: SpawnerLogger;
  /**
   * The shared static path (config `sharedStatic`): the spawner copies the host's
   * `notebook/static` there once and starts servers with their `static_url_prefix` on it.
   * Absent: servers serve their static files under their own base URL.
   */
  readonly sharedStatic?: StaticCopies;
}
