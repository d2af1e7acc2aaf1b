/**
 * The composition root: builds the whole hub without listening, so tests can `inject()`
 * or listen on port 0. `main.ts` only loads the config, calls `buildHub`, `start`s it and
 * listens. The parts are made in src/hub/, in this order:
 * - hub-resources.ts: the data folder and its lock, secrets, store, spawner;
 * - session-services.ts: settings, spawner health, metrics, manager, culler, reconciler;
 * - build-hub-context.ts: what the routes need (cookies, origins, notebook sources …);
 * - listeners.ts: the public listener (proxy, routes, OpenAPI) and the admin listener.
 */
import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config/schema.js';
import type { HubContext } from './http/hub-context.js';
import { buildHubContext } from './hub/build-hub-context.js';
import { openHubResources } from './hub/hub-resources.js';
import { buildListeners } from './hub/listeners.js';
import { logFormat } from './hub/log-format.js';
import { maskHubSecrets } from './hub/log-secrets.js';
import { buildSessionServices } from './hub/session-services.js';
import { createLogger, type Logger } from './log.js';
import type { Culler } from './sessions/culler.js';
import { jupyterProbe } from './sessions/jupyter-probe.js';
import type { SessionManager } from './sessions/manager.js';
import type { Reconciler } from './sessions/reconciler.js';
import type { ServerProbe } from './sessions/server-probe.js';
import type { Spawner } from './spawners/spawner.js';

export interface HubOptions {
  readonly config: Config;
  /** Injected by tests; otherwise chosen by `config.spawner`. */
  readonly spawner?: Spawner;
  readonly clock?: Clock;
  readonly log?: Logger;
  readonly probe?: ServerProbe;
}

export interface Hub {
  readonly app: FastifyInstance;
  readonly server: Server;
  /** The admin listener: dashboard and cookie-authenticated admin API, an origin of its own. */
  readonly adminApp: FastifyInstance;
  readonly ctx: HubContext;
  readonly manager: SessionManager;
  readonly culler: Culler;
  readonly reconciler: Reconciler;
  /** Re-adopt sessions from the store, then start culling and reconciling. */
  start(): Promise<void>;
  /** Listen on the configured hosts and ports; resolves to the hub's public base URL. */
  listen(): Promise<string>;
  /** The admin listener's base URL (its `adminUrl` when configured); set by `listen`. */
  adminUrl(): string;
  /**
   * Stop accepting requests, end every event stream (with a restart event) and WebSocket
   * tunnel (close frame 1001), stop timers and the warm pool's servers, close the store.
   * Running sessions are left to the next start.
   */
  close(): Promise<void>;
}

export async function buildHub(options: HubOptions): Promise<Hub> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger(config.logLevel, { format: logFormat(config) });
  const { folder, lock, secrets, store, spawner, sharedStatic } = await openHubResources(
    config,
    log,
    options.spawner,
  );
  maskHubSecrets(log, secrets, config);
  const sessions = buildSessionServices({
    config,
    clock,
    log,
    store,
    spawner,
    probe: options.probe ?? jupyterProbe,
    stagingDir: folder.stagingDir,
  });
  const { health, manager, culler, reconciler } = sessions;
  const ctx = buildHubContext({ config, clock, log, secrets, spawner, sessions });
  const { app, adminApp, proxy } = await buildListeners(ctx, sharedStatic);

  let adminBaseUrl: string | null = null;
  let reconcileTimer: NodeJS.Timeout | null = null;
  let poolTimer: NodeJS.Timeout | null = null;
  return {
    app,
    server: app.server,
    adminApp,
    ctx,
    manager,
    culler,
    reconciler,
    async start() {
      await reconciler.adopt();
      // Ask the spawner's backend once now, not only at the first /readyz or launch: the
      // swarm spawner creates or updates its node guard in check() (docs/swarm-isolation.md).
      void health.ensure().catch(() => undefined);
      manager.pool?.refill();
      culler.start();
      reconcileTimer = setInterval(() => void reconciler.reapOrphans(), 30_000);
      reconcileTimer.unref();
      if (manager.pool) {
        poolTimer = setInterval(() => void manager.pool?.check(), config.poolCheckSeconds * 1000);
        poolTimer.unref();
      }
    },
    async listen() {
      const address = await app.listen({ host: config.host, port: config.port });
      const adminAddress = await adminApp.listen({
        host: config.adminHost,
        port: config.adminPort,
      });
      adminBaseUrl = config.adminUrl ?? `${adminAddress}${config.basePath}`;
      return `${address}${config.basePath}`;
    },
    adminUrl() {
      if (adminBaseUrl === null) throw new Error('the hub is not listening');
      return adminBaseUrl;
    },
    async close() {
      culler.stop();
      if (reconcileTimer) clearInterval(reconcileTimer);
      if (poolTimer) clearInterval(poolTimer);
      // Hijacked event streams and tunnels would keep the servers from closing.
      const closing = Promise.all([app.close(), adminApp.close()]);
      ctx.streams.endAll();
      proxy.close();
      await closing;
      log.debug('shutdown: no more connections');
      await manager.pool?.drain();
      log.debug('shutdown: pool drained');
      await spawner.close();
      store.close();
      log.debug('shutdown: store closed');
      lock.release();
    },
  };
}
