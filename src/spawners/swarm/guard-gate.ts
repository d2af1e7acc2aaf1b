import type Docker from 'dockerode';
import { dockerMessage } from '../docker/docker-client.js';
import { serverPort } from '../docker/server-presets.js';
import { unavailable } from '../spawner-errors.js';
import { ensureNodeGuard } from './isolation/node-guard.js';
import type { DockerInfo } from './manager-check.js';
import type { SwarmSpawnerOptions } from './swarm-spawner-options.js';

/** A guard seen in force this recently is not asked again before a start. */
const guardFreshMs = 5_000;
/** How often a start waiting for the guard asks again. */
const guardWaitMs = 1_000;

/**
 * The Swarm spawner's gate on the node guard (`isolation/`): `check()` keeps the guard in
 * place and every start waits until it is in force. Without `options.guard` the gate is
 * always open.
 */
export class GuardGate {
  private guardFailure: string | null = '';
  private guardOkAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly docker: Docker,
    private readonly options: SwarmSpawnerOptions,
  ) {}

  /**
   * Never a session before the guard is in force: every start (launches, and the warm
   * pool, which does not ask `check()`) waits for it, under the start's own signal
   * (the start timeout). A guard seen in force within `guardFreshMs` is not asked again.
   */
  async untilGuarded(signal: AbortSignal): Promise<void> {
    if (!this.options.guard || Date.now() - this.guardOkAt < guardFreshMs) return;
    for (;;) {
      signal.throwIfAborted();
      try {
        const info = (await this.docker.info()) as DockerInfo;
        await this.checkGuard(info.Swarm?.NodeAddr, info.Swarm?.NodeID);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, guardWaitMs));
      }
    }
  }

  /**
   * Keeps the node guard in place (created or updated idempotently) and refuses launches
   * (`spawner_unavailable`: /readyz not ready, launches 503) until it runs on every ready
   * session node — a hub that cannot fence its sessions off takes none. Logged once per
   * distinct failure. The guard is never removed here (its rules outlive the hub).
   */
  async checkGuard(address?: string, nodeId?: string): Promise<void> {
    const guard = this.options.guard;
    if (!guard) return;
    try {
      await ensureNodeGuard(
        this.docker,
        { ...guard, sessionPort: serverPort, constraints: this.options.constraints },
        { ...(address ? { address } : {}), ...(nodeId ? { nodeId } : {}) },
      );
      this.guardOkAt = Date.now();
      if (this.guardFailure !== null && this.guardFailure !== '')
        this.options.logger?.warn('swarm node guard is in force again', {
          service: guard.serviceName,
        });
      this.guardFailure = null;
    } catch (error) {
      const message = dockerMessage(error);
      if (message !== this.guardFailure)
        this.options.logger?.warn('swarm node guard not in force: no sessions are launched', {
          service: guard.serviceName,
          error: message,
        });
      this.guardFailure = message;
      throw unavailable(
        `The node guard is not in force (${message}); sessions wait for it.`,
        error,
      );
    }
  }
}
