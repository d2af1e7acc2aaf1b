/**
 * What the session manager offers the modules that act on sessions: the starter
 * (start-server.ts), the warm pool, the culler and the reconciler. The manager owns the
 * state (live sessions, the queue, the pool) and implements this interface; those
 * modules import only this file, never the manager, so the dependencies run one way:
 *
 *   app → manager → capacity, new-session, add-notebook, end-session, start-server,
 *                   live-session, pooled-server, session-host
 *   warm-pool, culler, reconciler, start-server, add-notebook, end-session
 *     → session-host → live-session, session
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { HubMetrics } from '../metrics/hub-metrics.js';
import type { RuntimeSettings } from '../settings/runtime-settings.js';
import type { ResolvedNotebook } from '../sources/source.js';
import type { ResourceLimits, Spawner } from '../spawners/spawner.js';
import type { Store } from '../store/store.js';
import type { LiveSession } from './live-session.js';
import type { ServerPool } from './pooled-server.js';
import type { ServerProbe } from './server-probe.js';
import type { EndReason, SessionRecord, SessionState, transition } from './session.js';

/** The collaborators every session module may use directly. */
export interface SessionTools {
  readonly clock: Clock;
  readonly store: Store;
  readonly spawner: Spawner;
  readonly metrics: HubMetrics;
  readonly log: Logger;
  readonly probe: ServerProbe;
  /** Told when a start fails, so the next launch re-checks the backend first. */
  readonly health?: { suspect(): void };
}

export interface SessionHost {
  readonly deps: SessionTools & {
    readonly options: {
      readonly startTimeoutSeconds: number;
      readonly stagingDir: string;
      /** How long a server has to answer one liveness check (`api/status`). */
      readonly livenessTimeoutMs: number;
      /** CPU share while a server starts (cpu-boost.ts); not above the limit: no boost. */
      readonly startCpuPercent: number;
    };
  };
  /** The settings in force now. */
  readonly settings: RuntimeSettings;
  /** The pool, when it is on. */
  readonly pool: ServerPool | null;
  /** The URL prefix a session's server serves under (`{basePath}user/<id>/`). */
  baseUrl(sessionId: string): string;
  /** Resource limits a server started now gets (from the current settings). */
  currentLimits(): ResourceLimits;
  /** A live session by id. */
  get(id: string): LiveSession | undefined;
  /** Every live session, in no particular order (a copy: safe to end sessions while iterating). */
  all(): LiveSession[];
  /** Sessions waiting for a slot. */
  queueLength(): number;
  /** Sessions holding a server slot. */
  heldSlots(): number;
  /** Take a session re-adopted from the store (after a restart) into the live set. */
  adopt(live: LiveSession): void;
  /** End a session for `reason`; resolves once its server is gone. Unknown or ended: no-op. */
  end(id: string, reason: EndReason, error?: string | null): Promise<void>;
  /** Persist and announce a new version of a live session's record. */
  update(live: LiveSession, record: SessionRecord): void;
  /** Move a live session to another state (persisted and announced). */
  move(live: LiveSession, to: SessionState, patch?: Parameters<typeof transition>[3]): void;
  /** Announce a change that is not persisted (a starting session's progress stage). */
  announce(live: LiveSession): void;
  /** Write a notebook into a running server (a second launch by the same visitor). */
  copyInto(live: LiveSession, notebook: ResolvedNotebook): Promise<void>;
}
