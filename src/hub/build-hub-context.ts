/**
 * The public listener's `HubContext`, everything its routes need: the session services,
 * visitor cookies, client addresses, the launch rate limit, the origin policy, the
 * notebook sources and the notebook path of the servers' URL layout. The admin listener
 * uses the same context with its own origin policy (src/hub/listeners.ts).
 */
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import type { HubSecrets } from '../config/secrets.js';
import { EventStreams } from '../http/event-streams.js';
import type { HubContext } from '../http/hub-context.js';
import { OriginPolicy } from '../http/origin-policy.js';
import { ClientAddressResolver } from '../identity/client-address.js';
import { VisitorCookies } from '../identity/visitor-cookie.js';
import type { Logger } from '../log.js';
import { RateLimiter } from '../sessions/rate-limit.js';
import { notebookPath, type ServerLayout } from '../sessions/url-layout.js';
import { createNotebookSources } from '../sources/create-sources.js';
import type { Spawner } from '../spawners/spawner.js';
import type { SessionServices } from './session-services.js';

export interface HubContextDeps {
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Logger;
  readonly secrets: HubSecrets;
  readonly spawner: Spawner;
  readonly sessions: SessionServices;
}

export function buildHubContext(deps: HubContextDeps): HubContext {
  const { config, clock, log, secrets, spawner } = deps;
  const { manager, settings, metrics, health } = deps.sessions;
  const origins = new OriginPolicy(config.publicUrl, config.ckanUrl, config.frameAncestors);
  const secure = config.publicUrl?.startsWith('https:') ?? false;
  const { directory, ckan, ckanDataset, sources } = createNotebookSources(config, log, () =>
    settings.get(),
  );
  const layout: ServerLayout = spawner.kind === 'docker' ? config.serverPreset : 'notebook6';
  return {
    config,
    streams: new EventStreams(),
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
}
