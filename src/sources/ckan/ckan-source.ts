/**
 * The CKAN notebook source: launches by `{resource_id, ticket?}`. A guest's calls to
 * CKAN are always anonymous, so a guest can only ever run what CKAN shows the public; a
 * valid launch ticket (the CKAN plugin vouching for a logged-in user who may read the
 * resource) lets the hub use its own `ckanApiToken` for that one resource.
 */
import type { LookupFunction } from 'node:net';
import { systemClock, type Clock } from '../../clock.js';
import type { Config } from '../../config/schema.js';
import type { LaunchTicketVerifier } from '../../identity/launch-ticket-verifier.js';
import type { Visitor } from '../../identity/visitor.js';
import { silentLogger, type Logger } from '../../log.js';
import type { LaunchRequest, NotebookSource, ResolvedNotebook } from '../source.js';
import type { CkanCaller } from './ckan-api.js';
import { CkanAccess } from './ckan-access.js';
import { previewOf, type CkanPreview } from './ckan-preview.js';
import { checkCkanRef } from './ckan-ref.js';
import { describeResource, type CkanSummary } from './describe-resource.js';
import { writeDataFolder } from './data-folder.js';
import { materializeWithData } from './materialize-with-data.js';
import { NotebookCache } from './notebook-cache.js';
import {
  loadNotebook,
  type LoadedNotebook,
  type NotebookLoaderOptions,
} from './notebook-loader.js';

export type CkanSourceConfig = Pick<
  Config,
  | 'ckanUrl'
  | 'ckanApiToken'
  | 'ticketSecret'
  | 'ckanDataFormats'
  | 'ckanDataMaxBytes'
  | 'fetchTimeoutSeconds'
  | 'notebookMaxBytes'
  | 'notebookMaxDepth'
>;

export interface CkanSourceDeps {
  readonly clock?: Clock;
  readonly log?: Logger;
  /** The hub's one verifier (one nonce store); made from `ticketSecret` when absent. */
  readonly tickets?: LaunchTicketVerifier;
  /** Name resolution for tests; every answer is still checked. */
  readonly lookup?: LookupFunction;
  /** Notebook cache bounds; links are re-fetched after `linkTtlMs` (default 60 s). */
  readonly cache?: {
    readonly maxEntries?: number;
    readonly maxBytes?: number;
    readonly linkTtlMs?: number;
  };
}

export class CkanSource implements NotebookSource {
  readonly name = 'ckan';
  private readonly access: CkanAccess;
  private readonly loader: NotebookLoaderOptions;
  private readonly log: Logger;

  constructor(
    private readonly config: CkanSourceConfig,
    private readonly deps: CkanSourceDeps = {},
  ) {
    if (!config.ckanUrl) throw new Error('the CKAN source needs ckanUrl');
    const clock = deps.clock ?? systemClock;
    this.access = new CkanAccess(
      { ...config, ckanUrl: config.ckanUrl, timeoutMs: this.timeoutMs },
      { tickets: deps.tickets, clock, lookup: deps.lookup },
    );
    const cache = new NotebookCache(
      {
        maxEntries: deps.cache?.maxEntries ?? 64,
        maxBytes: deps.cache?.maxBytes ?? 64 * 1024 * 1024,
      },
      () => clock.nowMs(),
    );
    this.loader = {
      api: this.access.api,
      cache,
      limits: { maxBytes: config.notebookMaxBytes, maxDepth: config.notebookMaxDepth },
      timeoutMs: this.timeoutMs,
      linkTtlMs: deps.cache?.linkTtlMs ?? 60_000,
      lookup: deps.lookup,
    };
    this.log = deps.log ?? silentLogger;
  }

  accepts(request: LaunchRequest): boolean {
    return typeof request.resource_id === 'string';
  }

  /** Checks the ticket (if any, consuming it), asks CKAN, fetches and validates the notebook. */
  async resolve(
    request: LaunchRequest,
    _visitor: Visitor,
    signal: AbortSignal,
  ): Promise<ResolvedNotebook> {
    const resourceId = checkCkanRef(request.resource_id, 'resource_id');
    const { caller, value: loaded } = await this.access.askAs(
      request.ticket,
      resourceId,
      (as) => loadNotebook(resourceId, as, signal, this.loader),
      (reason) =>
        this.log.info('launch ticket not usable; running as a guest', {
          resource: resourceId,
          reason,
        }),
    );
    const { resource, dataset, content, fileName } = loaded;
    return {
      key: `ckan:${resource.id}`,
      title: loaded.title,
      fileName,
      content,
      private: dataset.private,
      ckanUser: caller.kind === 'ticket' ? caller.user : null,
      env: {
        CKAN_SITE_URL: this.access.api.base,
        CKAN_DATASET_ID: dataset.id,
        CKAN_RESOURCE_ID: resource.id,
      },
      materialize: (dir, materializeSignal) =>
        this.materialize(dir, loaded, caller, materializeSignal),
    };
  }

  /**
   * The notebook for the static preview: asked anonymously, or with the hub's token for
   * `user` when the caller has verified that a ticket (or a preview grant made from one)
   * vouches for that user and this resource.
   */
  async resolveForPreview(
    resourceId: string,
    signal: AbortSignal = new AbortController().signal,
    user: string | null = null,
  ): Promise<CkanPreview> {
    const loaded = await loadNotebook(
      checkCkanRef(resourceId, 'resource_id'),
      this.access.callerAs(user),
      signal,
      this.loader,
    );
    return previewOf(loaded);
  }

  private get timeoutMs(): number {
    return this.config.fetchTimeoutSeconds * 1000;
  }

  /** The names the launcher shows, asked as `user` (see resolveForPreview) or anonymously. */
  describe(resourceId: string, user: string | null, signal: AbortSignal): Promise<CkanSummary> {
    return describeResource(
      this.access.api,
      checkCkanRef(resourceId, 'resource_id'),
      this.access.callerAs(user),
      signal,
    );
  }

  /**
   * The CKAN user `ticket` vouches for (for `resourceId`), consuming it; throws
   * HubError('ticket_invalid') for an invalid, expired or spent ticket.
   */
  vouch(ticket: string, resourceId: string): string {
    return this.access.vouch(ticket, resourceId);
  }

  private materialize(
    dir: string,
    loaded: LoadedNotebook,
    caller: CkanCaller,
    signal: AbortSignal,
  ): Promise<void> {
    return materializeWithData(
      dir,
      loaded,
      signal,
      () =>
        writeDataFolder(
          dir,
          loaded.dataset,
          { resourceId: loaded.resource.id, fileName: loaded.fileName },
          {
            api: this.access.api,
            caller,
            formats: this.config.ckanDataFormats,
            maxBytes: this.config.ckanDataMaxBytes,
            timeoutMs: this.timeoutMs,
            lookup: this.deps.lookup,
            signal,
            log: this.log,
          },
        ),
      // The notebook is written; it opens without its data rather than not at all.
      { log: this.log, message: 'data folder not written', datasetId: loaded.dataset.id },
    );
  }
}
