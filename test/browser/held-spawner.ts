/**
 * A spawner for the error-state tests, which need a backend that is down or a slot that
 * stays taken, not a Jupyter server: `unavailable` fails every start the way a Docker
 * daemon that went down after the hub's health gate let the launch through does (its
 * `check()` still passes, so the path does not depend on how long ago the gate last
 * asked); `hold` never finishes a start (the session keeps its slot in `starting`)
 * until the hub aborts it.
 */
import { HubError } from '../../src/errors/hub-error.js';
import type {
  LaunchSpec,
  ServerStatus,
  Spawner,
  StartedServer,
} from '../../src/spawners/spawner.js';

export class HeldSpawner implements Spawner {
  readonly kind = 'held';
  mode: 'hold' | 'unavailable' = 'hold';

  start(_spec: LaunchSpec, signal: AbortSignal): Promise<StartedServer> {
    if (this.mode === 'unavailable') return Promise.reject(new HubError('spawner_unavailable'));
    return new Promise((_resolve, reject) => {
      // A session ended before its start reached the spawner passes an aborted signal.
      if (signal.aborted) return reject(signal.reason as Error);
      signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
    });
  }
  async stop(): Promise<void> {}
  async poll(): Promise<ServerStatus> {
    return { running: false, reason: 'missing' };
  }
  async addFiles(): Promise<void> {}
  async listOwned(): Promise<[]> {
    return [];
  }
  async check(): Promise<void> {}
  async close(): Promise<void> {}
}
