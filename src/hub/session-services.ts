/**
 * The session side of the hub: runtime settings, the spawner's health, the metrics, the
 * session manager (with its warm pool when `poolSize` > 0, and session tokens masked in
 * the log while their session lives), the culler and the reconciler. Nothing runs yet:
 * the caller starts the culler, the reconciler and the pool (`Hub.start`).
 */
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import { HubMetrics } from '../metrics/hub-metrics.js';
import { Culler } from '../sessions/culler.js';
import { SessionManager } from '../sessions/manager.js';
import { Reconciler } from '../sessions/reconciler.js';
import type { ServerProbe } from '../sessions/server-probe.js';
import { SpawnerHealth } from '../sessions/spawner-health.js';
import { WarmPool } from '../sessions/warm-pool.js';
import { defaultSettings, SettingsService } from '../settings/runtime-settings.js';
import type { Spawner } from '../spawners/spawner.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { gaugeSource } from './gauge-source.js';
import { maskSessionTokens } from './log-secrets.js';

export interface SessionServicesDeps {
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Logger;
  readonly store: SqliteStore;
  readonly spawner: Spawner;
  readonly probe: ServerProbe;
  /** Where notebooks are staged before a server starts (the data folder's staging dir). */
  readonly stagingDir: string;
}

export interface SessionServices {
  readonly settings: SettingsService;
  readonly health: SpawnerHealth;
  readonly metrics: HubMetrics;
  readonly manager: SessionManager;
  readonly culler: Culler;
  readonly reconciler: Reconciler;
}

export function buildSessionServices(deps: SessionServicesDeps): SessionServices {
  const { config, clock, log, store, spawner } = deps;
  const settings = new SettingsService(defaultSettings(config), store);
  const health = new SpawnerHealth(spawner, clock);
  // The metrics read the manager when scraped; the manager reports to the metrics.
  const built: { manager?: SessionManager } = {};
  const metrics = new HubMetrics(() => built.manager && gaugeSource(built.manager));
  const manager = new SessionManager({
    clock,
    store,
    spawner,
    settings,
    metrics,
    log,
    probe: deps.probe,
    health,
    options: {
      basePath: config.basePath,
      pidsLimit: config.pidsLimit,
      queueMax: config.queueMax,
      maxSessionsPerAddress: config.maxSessionsPerAddress,
      startTimeoutSeconds: config.startTimeoutSeconds,
      stagingDir: deps.stagingDir,
      livenessTimeoutMs: config.livenessTimeoutSeconds * 1000,
      startCpuPercent: config.startCpuPercent,
    },
  });
  built.manager = manager;
  maskSessionTokens(log, manager);
  if (config.poolSize > 0)
    manager.pool = new WarmPool(manager, () => config.poolSize, {
      kernel: config.poolKernel,
      imports: config.poolImports,
    });
  health.onRecovered(() => void manager.pool?.check());
  const culler = new Culler(manager, {
    intervalMs: config.cullIntervalMs,
    queueAbandonMs: config.queueAbandonSeconds * 1000,
    pollIntervalMs: 2000,
    kernelCheckTimeoutMs: 2000,
    persistActivityMs: 10_000,
    startingBusyMs: config.startingKernelBusySeconds * 1000,
    livenessTimeoutMs: config.livenessTimeoutSeconds * 1000,
    livenessFailures: config.livenessFailures,
    concurrency: config.cullConcurrency,
  });
  const reconciler = new Reconciler(manager, {
    livenessTimeoutMs: config.livenessTimeoutSeconds * 1000,
    livenessFailures: config.livenessFailures,
    concurrency: config.cullConcurrency,
  });
  return { settings, health, metrics, manager, culler, reconciler };
}
