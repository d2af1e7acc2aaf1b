import { resolve } from 'node:path';
import { HubError } from '../../errors/hub-error.js';
import {
  copyLocalStatic,
  findNotebookStatic,
  localStaticKey,
} from '../../static/local-static-copy.js';
import type { SharedStaticCopy } from '../../static/static-copies.js';
import type { LocalSpawnerOptions } from './local-spawner-options.js';
import { prepareHost, type HostSetup } from './prepare-host.js';
import { removeInstanceCgroups } from './session-cgroups.js';
import type { SessionResources } from './session-resources.js';
import type { Owner } from './workspace.js';

/**
 * What the local spawner sets up once per hub on this machine, shared by concurrent
 * starts: the folders, the system layout the sandboxes mirror and whether cgroups can be
 * used (`prepare-host.ts`), and the shared static copy. A failed attempt is not kept;
 * the next caller tries again.
 */
export class LocalHost {
  private prepared: Promise<HostSetup> | null = null;
  private staticCopy: Promise<SharedStaticCopy | null> | null = null;

  constructor(
    private readonly options: LocalSpawnerOptions,
    private readonly resources: SessionResources,
    private readonly owner: Owner | null,
  ) {}

  /** The host set-up; `spawner_unavailable` when the host cannot run sandboxes. */
  prepare(): Promise<HostSetup> {
    this.prepared ??= prepareHost({
      ...this.resources.scope,
      setprivPath: this.options.setprivPath ?? '/usr/bin/setpriv',
      runAs: this.owner,
      logger: this.options.logger,
    }).catch((cause: unknown) => {
      this.prepared = null;
      throw new HubError('spawner_unavailable', { cause });
    });
    return this.prepared;
  }

  /**
   * Tornado's `static_url_prefix` on the shared static path (README, "Static files"), once
   * the host's static folder is copied; null without `sharedStatic` or when the copy
   * failed (logged; servers then keep their per-session static path).
   */
  sharedStatic(): Promise<SharedStaticCopy | null> {
    const copies = this.options.sharedStatic;
    if (!copies) return Promise.resolve(null);
    this.staticCopy ??= (async () => {
      const staticDir = await findNotebookStatic(this.options.pythonPath);
      const key = await localStaticKey(staticDir);
      const copiesDir = resolve(this.options.dataDir, 'state', 'nbstatic');
      await copies.prepare(key, () => copyLocalStatic(staticDir, copiesDir, key));
      return { prefix: copies.prefixFor(key), key };
    })().catch((error: unknown) => {
      this.options.logger?.warn('shared static files unavailable; per-session static path', {
        error: String(error),
      });
      this.staticCopy = null;
      return null;
    });
    return this.staticCopy;
  }

  /** Removes this instance's cgroup parents, when the host was set up with cgroups. */
  async release(): Promise<void> {
    if (this.prepared && (await this.prepared).limited) {
      await removeInstanceCgroups(this.resources.scope.cgroupRoot, this.resources.scope.instanceId);
    }
  }
}
