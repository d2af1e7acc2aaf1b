/**
 * CPU while starting: a server starts with `startCpuPercent` (a config field) and drops to
 * the admin's `cpu_percent` as soon as it answers — before a cold-started session is
 * marked ready (and so before the proxy lets the visitor in) and before a pooled server
 * counts as ready in the pool, so nothing a visitor runs ever gets more than the limit.
 * Only spawners that implement `setCpu` start boosted (see the contract in spawner.ts).
 */
import type { Spawner, SpawnerState } from '../spawners/spawner.js';

/** The CPU share to start a server with, or undefined when there is no boost. */
export function startCpuPercent(
  spawner: Spawner,
  cpuPercent: number,
  boostPercent: number,
): number | undefined {
  if (!spawner.setCpu || boostPercent <= cpuPercent) return undefined;
  return boostPercent;
}

/** Drops a boosted server to the limit; a failure rejects, so the server is never handed out. */
export async function settleCpu(
  spawner: Spawner,
  state: SpawnerState,
  cpuPercent: number,
  boosted: number | undefined,
): Promise<void> {
  if (boosted === undefined || !spawner.setCpu) return;
  await spawner.setCpu(state, cpuPercent);
}
