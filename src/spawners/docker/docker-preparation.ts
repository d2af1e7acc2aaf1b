import type Docker from 'dockerode';
import { statusOf } from './docker-client.js';
import type { DockerSpawnerOptions } from './docker-spawner-options.js';
import { iptablesRunner } from './network-guard.js';
import type { OomWatch } from './oom-watch.js';
import { ensureSessionNetwork } from './session-network.js';
import { probeStorageLimit } from './storage-limit-probe.js';

/**
 * What must be in place on the engine before a session container is created: the OOM
 * event watch, the session network with its firewall rules (`session-network.ts`) and,
 * once, the storage-limit probe. Done once and shared by concurrent starts; a failed
 * attempt is retried by the next caller.
 */
export class DockerPreparation {
  private prepared: Promise<void> | null = null;
  private preparedSettled = false;
  private storageProbed = false;

  constructor(
    private readonly docker: Docker,
    private readonly oom: OomWatch,
    private readonly options: DockerSpawnerOptions,
  ) {}

  /** `refresh`: done again (once the last attempt settled), as `check()` asks every time. */
  prepare({ refresh = false } = {}): Promise<void> {
    if (refresh && this.preparedSettled) this.prepared = null;
    this.prepared ??= (async () => {
      this.preparedSettled = false;
      this.oom.start();
      const { network, egress, instanceId, storageLimit, image } = this.options;
      await ensureSessionNetwork(
        this.docker,
        { name: network, egress, instanceId },
        this.options.iptables ?? iptablesRunner(),
      );
      if (storageLimit && !this.storageProbed)
        await probeStorageLimit(this.docker, image, storageLimit);
      this.storageProbed = true;
      this.preparedSettled = true;
    })().catch((error: unknown) => {
      this.prepared = null;
      throw error;
    });
    return this.prepared;
  }

  /** `createContainer`, once more after preparing again when the session network vanished. */
  async create(body: Docker.ContainerCreateOptions): Promise<Docker.Container> {
    try {
      return await this.docker.createContainer(body);
    } catch (error) {
      // The session network was removed behind our back: recreate it and try once more.
      if (statusOf(error) !== 404 || !String(error).includes('network')) throw error;
      this.prepared = null;
      await this.prepare();
      return this.docker.createContainer(body);
    }
  }
}
