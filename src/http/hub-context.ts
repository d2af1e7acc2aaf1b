/**
 * Everything the HTTP routes need, built once for the composition root (src/app.ts) by
 * src/hub/build-hub-context.ts.
 */
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import type { HubSecrets } from '../config/secrets.js';
import type { ClientAddressResolver } from '../identity/client-address.js';
import type { VisitorCookies } from '../identity/visitor-cookie.js';
import type { Logger } from '../log.js';
import type { HubMetrics } from '../metrics/hub-metrics.js';
import type { SessionManager } from '../sessions/manager.js';
import type { RateLimiter } from '../sessions/rate-limit.js';
import type { SpawnerHealth } from '../sessions/spawner-health.js';
import type { SettingsService } from '../settings/runtime-settings.js';
import type { CkanDatasetSource } from '../sources/ckan-dataset/ckan-dataset-source.js';
import type { CkanSource } from '../sources/ckan/ckan-source.js';
import type { DirectorySource } from '../sources/directory/directory-source.js';
import type { NotebookSource } from '../sources/source.js';
import type { EventStreams } from './event-streams.js';
import type { OriginPolicy } from './origin-policy.js';

export interface HubContext {
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Logger;
  readonly secrets: HubSecrets;
  /** Open server-sent event streams, ended with a restart event on shutdown. */
  readonly streams: EventStreams;
  readonly manager: SessionManager;
  readonly settings: SettingsService;
  readonly metrics: HubMetrics;
  readonly cookies: VisitorCookies;
  readonly addresses: ClientAddressResolver;
  readonly launchLimiter: RateLimiter;
  readonly health: SpawnerHealth;
  readonly origins: OriginPolicy;
  readonly directory: DirectorySource;
  /** The CKAN source, when `ckanUrl` is configured. */
  readonly ckan: CkanSource | null;
  /** The CKAN dataset source (starter notebooks), when `ckanUrl` is configured. */
  readonly ckanDataset: CkanDatasetSource | null;
  /** Every notebook source, in the order they are asked. */
  readonly sources: readonly NotebookSource[];
  /** URL path of a notebook inside a session, per the server's layout (e.g. `notebooks/x.ipynb`). */
  notebookPath(file: string): string;
}
