/**
 * The spawner contract: how the hub starts, watches and stops one notebook server per
 * session. Modelled on JupyterHub's Spawner, with the same division of labour:
 *
 * - The hub owns policy: capacity, start timeout, readiness checks (`GET
 *   {url}{baseUrl}api/status` with the token), idle and lifetime culling. A spawner
 *   only starts, polls and stops.
 * - `state` is an opaque JSON object the hub persists in its store and hands back to
 *   `poll`, `stop` and `addFiles`, also after a hub restart.
 * - Everything a spawner creates is findable by `listOwned` (labels, markers), so a
 *   restarted hub can adopt live servers and reap orphans.
 *
 * - CPU while starting (optional): a spawner that implements `setCpu` is given
 *   `startCpuPercent` and starts the server with that CPU share instead of
 *   `limits.cpuPercent`; the hub calls `setCpu(state, limits.cpuPercent)` as soon as the
 *   server answers (for a pooled server: as soon as it is ready in the pool) and before it
 *   marks the session ready or hands the server to anyone, so every line of a visitor's
 *   code runs under the admin's limit. A spawner without `setCpu` (Swarm: changing a
 *   service's resources replaces its task, i.e. restarts the server; Kubernetes alike) is
 *   never given `startCpuPercent` and simply starts at the limit.
 *
 * Every implementation runs the shared suite in `test/contract/spawner-contract.ts`.
 */

/** Opaque, JSON-serialisable spawner state (container id, pid, port …). */
export type SpawnerState = Readonly<Record<string, unknown>>;

export interface ResourceLimits {
  /** CPU share in percent of one core (quota = percent × period / 100). */
  readonly cpuPercent: number;
  readonly memoryBytes: number;
  readonly pidsLimit: number;
}

const sessionIdPattern = /^[a-z0-9]{1,40}$/;

/** Whether `value` is a session id as `LaunchSpec.sessionId` defines it (a slug that is safe in names). */
export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && sessionIdPattern.test(value);
}

/** Where a spawner reports what an admin should know (structurally the hub's `Logger`). */
export interface SpawnerLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface LaunchSpec {
  /** Safe slug: lowercase letters and digits, at most 40 characters. */
  readonly sessionId: string;
  /** URL path the server must serve under, e.g. `/user/<sessionId>/` (ends with `/`). */
  readonly baseUrl: string;
  /** Random per-session server token; the proxy sends it upstream, browsers never see it. */
  readonly token: string;
  readonly limits: ResourceLimits;
  /** Extra environment for the server (e.g. CKAN_SITE_URL, CKAN_DATASET_ID). Never secrets. */
  readonly env: Readonly<Record<string, string>>;
  /**
   * A host folder whose contents become the server's working directory, or null for a
   * pooled server that gets its files later through `addFiles`. The spawner copies from
   * it; the hub deletes it after `start` resolves.
   */
  readonly filesDir: string | null;
  /**
   * CPU share (percent of one core) to start with, above `limits.cpuPercent`; given only to
   * spawners that implement `setCpu`, which the hub then calls to drop to the limit once
   * the server answers. Absent: start at `limits.cpuPercent`.
   */
  readonly startCpuPercent?: number;
}

export interface StartedServer {
  /** Origin the proxy forwards to, e.g. `http://127.0.0.1:41234` (no path). */
  readonly url: string;
  readonly state: SpawnerState;
}

export type ServerStatus =
  | { readonly running: true }
  | {
      readonly running: false;
      /**
       * `missing`: nothing found; `exited`: it stopped; `oom`: killed for exceeding its
       * memory limit; `node-lost`: the machine it was placed on is down or gone (a
       * cluster spawner), so it is unreachable for good even if it still runs there.
       */
      readonly reason: 'missing' | 'exited' | 'oom' | 'node-lost';
      /** What the backend said, for the log (a task's error, the lost node's name). */
      readonly detail?: string;
      readonly exitCode?: number;
    };

export interface OwnedServer {
  readonly sessionId: string;
  readonly state: SpawnerState;
  /** Origin the proxy forwards to, when it can be told from the server itself. */
  readonly url: string | null;
  readonly running: boolean;
}

export interface ServerUsage {
  readonly cpuPercent: number | null;
  readonly memoryBytes: number | null;
}

/**
 * Where a start is, for the launch progress. A cluster spawner reports `scheduling`
 * (waiting for a node with room: placement), `preparing` (the node pulls the image) and
 * `starting` (the container starts), with the node once one is chosen; a single-host
 * spawner may report nothing. Kubernetes maps onto it too (Pending/Unschedulable →
 * scheduling, the Pulling event → preparing, ContainerCreating → starting).
 */
export interface LaunchProgress {
  readonly stage: 'scheduling' | 'preparing' | 'starting';
  /** The node the server was placed on, once known. */
  readonly node?: string;
  /** The backend's own words (e.g. `no suitable node (insufficient resources on 3 nodes)`). */
  readonly detail?: string;
}

export interface Spawner {
  /** The implementation (`local`, `docker`, `swarm`); also the `kind` of every state it makes. */
  readonly kind: string;

  /**
   * Start a server for the session. Resolve as soon as its URL is known; readiness is
   * the hub's job. When `signal` aborts, stop work, remove whatever was created and
   * reject with the signal's reason. `onProgress`, when given, hears the stages the
   * backend goes through (each at most once, in order; see `LaunchProgress`). Any other
   * failure removes what was created too and rejects with a `HubError`: `spawn_failed`
   * unless a more specific one applies (`startFailure` in `spawner-errors.ts`).
   */
  start(
    spec: LaunchSpec,
    signal: AbortSignal,
    onProgress?: (progress: LaunchProgress) => void,
  ): Promise<StartedServer>;

  /**
   * Stop the server and destroy everything it wrote. Idempotent: a server that is already
   * gone resolves normally, and so does a state this spawner never made or cannot read.
   */
  stop(state: SpawnerState): Promise<void>;

  /**
   * Whether the server is still running; after `stop` it reports not running, and a state
   * this spawner never made or cannot read reports `missing`.
   */
  poll(state: SpawnerState): Promise<ServerStatus>;

  /**
   * Copy the contents of a host folder into a running server's working directory (a second
   * notebook, a pooled hand-out). Rejects with `server_unavailable` when the server is
   * gone, `internal` when the copy failed.
   */
  addFiles(state: SpawnerState, filesDir: string): Promise<void>;

  /** Servers this spawner owns (found by label or marker), running or not, for adoption and reaping. */
  listOwned(): Promise<OwnedServer[]>;

  /**
   * Set a running server's CPU share (percent of one core) in place: Docker's
   * `container.update`, a cgroup's `cpu.cfs_quota_us`. Idempotent. Rejects when the new
   * share could not be applied; the hub then never hands that server out. Optional: a
   * spawner without it is never asked to start above the limit (see `startCpuPercent`).
   */
  setCpu?(state: SpawnerState, cpuPercent: number): Promise<void>;

  /** CPU and memory use, where the backend reports them; null fields where it does not. */
  usage?(state: SpawnerState): Promise<ServerUsage>;

  /** Throws a `HubError('spawner_unavailable')` when the backend cannot be used right now. */
  check(): Promise<void>;

  /** Release connections and timers. Running servers are left running. */
  close(): Promise<void>;
}
