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
  /** Started, answering, and its kernel (if the pool starts one) warm: ready to hand out at once. */
  answering: boolean;
  /**
   * The pre-started kernel's id, once it ran its warm-up (imports); null when the pool
   * starts no kernel or the kernel failed. The kernel lives in this server only and ends
   * with it.
   */
  readonly kernel: Promise<string | null>;
  /**
   * At hand-out, once the notebook is in the workspace: bind the pre-started kernel to
   * the notebook at `file` (a Jupyter session for its path) after putting `env` into the
   * kernel's environment, so the page connects to it. Resolves with the kernel id, or
   * null when no kernel was bound (none, failed, another kernelspec, a notebook in a
   * folder); then an unbound kernel is deleted and the page starts its own. Never rejects
   * but with the signal's reason.
   */
  bindKernel(
    notebook: { readonly file: string; readonly content: Buffer },
    env: Readonly<Record<string, string>>,
    signal: AbortSignal,
  ): Promise<string | null>;
}

export interface ServerPool {
  /** Slots the pool holds (ready or starting). */
  held(): number;
  /** Ids of pooled servers that are started and answering (ready to hand out at once). */
  answeringIds(): string[];
  /** The pre-started kernel of a pooled server that is ready (null: none or not ready). */
  kernelOf(id: string): string | null;
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
