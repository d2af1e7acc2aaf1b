/**
 * The composition root: builds the whole hub (store, spawner, sessions, proxy, routes)
 * without listening, so tests can `inject()` or listen on port 0. `main.ts` only loads
 * the config, calls `buildHub`, `start`s it and listens.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config/schema.js';
import { loadSecrets } from './config/secrets.js';
import { lockDataFolder } from './data/data-folder-lock.js';
import { dataFolderPaths, prepareDataRoot, preparePrivateFolders } from './data/data-folder.js';
import { ADMIN_FAILURES_PER_MINUTE } from './http/admin/authorize.js';
import {
  duplicateHostBody,
  duplicateHostUpgradeReply,
  hasDuplicateHost,
} from './http/duplicate-host.js';
import { installErrorHandlers } from './http/errors.js';
import { EventStreams } from './http/event-streams.js';
import type { HubContext } from './http/hub-context.js';
import { OriginPolicy } from './http/origin-policy.js';
import { registerAdminRoutes, registerRoutes } from './http/routes.js';
import { securityHeaders } from './http/security-headers.js';
import { ClientAddressResolver } from './identity/client-address.js';
import { VisitorCookies } from './identity/visitor-cookie.js';
import { OpenApiCollector, registerOpenApi } from './http/openapi/openapi-document.js';
import { installAccessLog, logProxied } from './http/access-log.js';
import { createLogger, type LogFormat, type Logger } from './log.js';
import { HubMetrics } from './metrics/hub-metrics.js';
import { hubProxy, type HubProxy } from './proxy/hub-proxy.js';
import { Culler } from './sessions/culler.js';
import { SessionManager } from './sessions/manager.js';
import { RateLimiter } from './sessions/rate-limit.js';
import { Reconciler } from './sessions/reconciler.js';
import { SpawnerHealth } from './sessions/spawner-health.js';
import { jupyterProbe } from './sessions/jupyter-probe.js';
import type { ServerProbe } from './sessions/server-probe.js';
import { notebookPath, type ServerLayout } from './sessions/url-layout.js';
import { WarmPool } from './sessions/warm-pool.js';
import {
  defaultSettings,
  effectiveGuestCap,
  SettingsService,
} from './settings/runtime-settings.js';
import { createNotebookSources } from './sources/create-sources.js';
import { createSpawner } from './spawners/create-spawner.js';
import { StaticCompressor } from './proxy/compressed-static.js';
import { serveSharedStatic } from './static/serve-shared-static.js';
import { StaticCopies } from './static/static-copies.js';
import type { Spawner } from './spawners/spawner.js';
import { SqliteStore } from './store/sqlite-store.js';
import { TokenSeal } from './store/token-seal.js';

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
  const folder = dataFolderPaths(config.dataDir);
  const dataDir = folder.root;
  prepareDataRoot(folder);
  // Before anything else touches the folder, its servers or its containers.
  const lock = lockDataFolder(dataDir, folder.stateDir);
  let opened: SqliteStore | null = null;
  const sharedStatic = config.sharedStatic
    ? new StaticCopies(
        `${config.basePath.endsWith('/') ? config.basePath : `${config.basePath}/`}nbstatic/`,
      )
    : undefined;
  const { secrets, store, spawner } = await (async () => {
    try {
      preparePrivateFolders(folder);
      const secrets = loadSecrets(folder.secretsDir, config);
      opened = new SqliteStore(folder.storePath, new TokenSeal(secrets.storeKey));
      const spawner = options.spawner ?? (await createSpawner(config, dataDir, log, sharedStatic));
      return { secrets, store: opened, spawner };
    } catch (error) {
      (opened as SqliteStore | null)?.close();
      lock.release();
      throw error;
    }
  })();
  for (const secret of [
    secrets.adminToken,
    secrets.cookieKey.toString('base64url'),
    config.cookieSecret,
    config.ticketSecret,
    config.ckanApiToken,
    config.metricsToken,
  ])
    log.addSecret(secret);
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
    probe: options.probe ?? jupyterProbe,
    health,
    options: {
      basePath: config.basePath,
      pidsLimit: config.pidsLimit,
      queueMax: config.queueMax,
      maxSessionsPerAddress: config.maxSessionsPerAddress,
      startTimeoutSeconds: config.startTimeoutSeconds,
      stagingDir: folder.stagingDir,
      livenessTimeoutMs: config.livenessTimeoutSeconds * 1000,
      startCpuPercent: config.startCpuPercent,
    },
  });
  built.manager = manager;
  // Session tokens are masked in the log while their session lives.
  manager.on('change', (record: { state: string; token?: string | null }) => {
    if (record.state === 'ended') log.removeSecret(record.token);
    else log.addSecret(record.token);
  });
  if (config.poolSize > 0)
    manager.pool = new WarmPool(manager, () => config.poolSize, {
      kernel: config.poolKernel,
      imports: config.poolImports,
    });
  const origins = new OriginPolicy(config.publicUrl, config.ckanUrl, config.frameAncestors);
  const secure = config.publicUrl?.startsWith('https:') ?? false;
  const { directory, ckan, ckanDataset, sources } = createNotebookSources(config, log, () =>
    settings.get(),
  );
  const layout: ServerLayout = spawner.kind === 'docker' ? config.serverPreset : 'notebook6';
  const streams = new EventStreams();
  const ctx: HubContext = {
    config,
    streams,
    clock,
    log,
    secrets,
    manager,
    settings,
    metrics,
    cookies: new VisitorCookies(secrets.cookieKey, {
      path: config.basePath,
      sameSite: config.cookieSameSite,
      secure,
      maxAgeSeconds: 24 * 3600,
    }),
    addresses: new ClientAddressResolver(config.trustedProxies),
    launchLimiter: new RateLimiter(clock, () => config.launchesPerMinutePerAddress),
    health,
    origins,
    directory,
    ckan,
    ckanDataset,
    sources,
    notebookPath: (file) => notebookPath(layout, file),
  };
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
  const proxy: HubProxy = hubProxy(ctx, securityHeaders(origins));

  // Wrong admin tokens are counted per address across both listeners.
  const adminFailures = new RateLimiter(clock, () => ADMIN_FAILURES_PER_MINUTE);
  const prefix = config.basePath.replace(/\/$/, '');
  // Both listeners' routes go into one OpenAPI document, served on the public one.
  const openapi = new OpenApiCollector();
  const staticServer = sharedStatic && {
    copies: sharedStatic,
    compressor: new StaticCompressor(),
    headers: securityHeaders(origins),
  };
  const app = fastifyApp(log, metrics, openapi, securityHeaders(origins), (req, res) => {
    // The shared static path is answered by the hub itself, never by a session's server.
    if (staticServer && serveSharedStatic(staticServer, req, res)) return true;
    if (!proxy.handleRequest(req, res)) return false;
    logProxied(log, req, res);
    return true;
  });
  app.server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    if (hasDuplicateHost(req)) socket.end(duplicateHostUpgradeReply);
    else if (proxy.handleUpgrade(req, socket, head)) logProxied(log, req, null);
    else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });
  await app.register(
    async (scoped) => {
      registerRoutes(scoped, ctx, adminFailures);
      registerOpenApi(scoped, openapi, config.basePath, hubVersion);
    },
    { prefix },
  );
  await app.ready();

  const adminOrigins = new OriginPolicy(config.adminUrl, null, []);
  const adminApp = fastifyApp(
    log,
    metrics,
    openapi,
    { ...securityHeaders(adminOrigins), 'Content-Security-Policy': "frame-ancestors 'none'" },
    () => false,
  );
  adminApp.server.on('upgrade', (req: IncomingMessage, socket) =>
    socket.end(
      hasDuplicateHost(req)
        ? duplicateHostUpgradeReply
        : 'HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n',
    ),
  );
  const adminCtx: HubContext = { ...ctx, origins: adminOrigins };
  const adminSecure = config.adminUrl?.startsWith('https:') ?? false;
  await adminApp.register(
    async (scoped) => registerAdminRoutes(scoped, adminCtx, adminFailures, adminSecure),
    { prefix },
  );
  await adminApp.ready();
  let adminBaseUrl: string | null = null;

  health.onRecovered(() => void manager.pool?.check());
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
      streams.endAll();
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

/**
 * A Fastify app on its own server: `intercept` sees each request first (the proxy on the
 * public listener); a request with two Host headers never gets that far.
 */
function fastifyApp(
  log: Logger,
  metrics: HubMetrics,
  openapi: OpenApiCollector,
  headers: Readonly<Record<string, string>>,
  intercept: (req: IncomingMessage, res: ServerResponse) => boolean,
): FastifyInstance {
  const app = Fastify({
    loggerInstance: log.pino as FastifyBaseLogger,
    // One access-log line per request (installAccessLog) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
    routerOptions: { maxParamLength: 300 },
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
    serverFactory: (handler) =>
      createServer((req, res) => {
        if (hasDuplicateHost(req)) {
          res.writeHead(400, { 'content-type': 'application/json', connection: 'close' });
          res.end(duplicateHostBody);
        } else if (!intercept(req, res)) handler(req, res);
      }),
  });
  installErrorHandlers(app, log);
  installAccessLog(app, log, metrics);
  app.addHook('onSend', async (_request, reply) => {
    for (const [name, value] of Object.entries(headers))
      if (!reply.hasHeader(name)) reply.header(name, value);
  });
  // Response schemas document the API (OpenAPI); replies stay plain JSON.stringify.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.addHook('onRoute', (route) => openapi.onRoute(route));
  return app;
}

function gaugeSource(manager: SessionManager) {
  return {
    counts() {
      const counts = { queued: 0, starting: 0, ready: 0, stopping: 0 };
      for (const live of manager.live.byId.values()) {
        const state = live.record.state;
        if (state !== 'ended') counts[state]++;
      }
      return counts;
    },
    capacity() {
      const s = manager.settings;
      return { max: s.max_sessions, maxGuests: effectiveGuestCap(s) };
    },
  };
}

function logFormat(config: Config): LogFormat {
  if (config.logFormat !== 'auto') return config.logFormat;
  return process.stderr.isTTY ? 'pretty' : 'json';
}

/** The package's version (src/ and dist/ both sit beside package.json). */
const hubVersion = ((): string => {
  try {
    const manifest = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
    return (JSON.parse(manifest) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();
