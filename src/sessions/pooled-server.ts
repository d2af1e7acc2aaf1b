/**
 * A pre-started server waiting in the pool, and what the manager needs of a pool. The
 * manager holds a `ServerPool` (when the pool is on) and never imports its
 * implementation (warm-pool.ts), so the dependencies run one way.
 */
import type { ResourceLimits, StartedServer } from '../spawners/spawner.js';

export interface PooledServer {
  readonly id: string;
  readonly token: string;
  readonly limitsKey: string;
  /** Resolves once the server is started and answering. */
  readonly ready: Promise<StartedServer>;
  started: StartedServer | null;
  answering: boolean;
}

export interface ServerPool {
  /** Slots the pool holds (ready or starting). */
  held(): number;
  /** Ids of pooled servers that are started and answering (ready to hand out at once). */
  answeringIds(): string[];
  /** Whether this server id belongs to the pool (the reconciler leaves it alone). */
  owns(id: string): boolean;
  /** Hands out a pooled server started with these limits, if any. */
  take(limits: ResourceLimits): PooledServer | undefined;
  /** Gives a slot back for a launch when the pool holds every free one. */
  yieldSlot(): boolean;
  /** Start servers until the pool has its size, within the slots nobody else needs. */
  refill(): void;
  /**
   * Ask every ready pooled server whether it still answers; stop and replace the ones
   * that do not (removed containers, a restarted engine). Run on a timer and when the
   * backend comes back.
   */
  check(): Promise<void>;
  /** Stop every pooled server (on hub close: pooled servers are not sessions). */
  drain(): Promise<void>;
}
