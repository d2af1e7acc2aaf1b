/**
 * The CKAN notebook source: launches by `{resource_id, ticket?}`. A guest's calls to
 * CKAN are always anonymous, so a guest can only ever run what CKAN shows the public; a
 * valid launch ticket (the CKAN plugin vouching for a logged-in user who may read the
 * resource) lets the hub use its own `ckanApiToken` for that one resource.
 */
import { writeFile } from 'node:fs/promises';
import type { LookupFunction } from 'node:net';
import { join } from 'node:path';
import { systemClock, type Clock } from '../../clock.js';
import type { Config } from '../../config/schema.js';
import { HubError } from '../../errors/hub-error.js';
import { LaunchTicketVerifier } from '../../identity/launch-ticket-verifier.js';
import type { Visitor } from '../../identity/visitor.js';
import { silentLogger, type Logger } from '../../log.js';
import type { LaunchRequest, NotebookSource, ResolvedNotebook } from '../source.js';
import { CkanApi, type CkanCaller } from './ckan-api.js';
import { describeResource, type CkanSummary } from './describe-resource.js';
import { writeDataFolder } from './data-folder.js';
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

/** What the static preview page needs. */
export interface CkanPreview {
  readonly resourceId: string;
  readonly datasetId: string;
  readonly title: string;
  readonly datasetTitle: string;
  readonly fileName: string;
  readonly content: Buffer;
}

const resourceIdPattern = /^[A-Za-z0-9_-]{1,100}$/;

export class CkanSource implements NotebookSource {
  readonly name = 'ckan';
  private readonly api: CkanApi;
  private readonly tickets: LaunchTicketVerifier | null;
  private readonly loader: NotebookLoaderOptions;
  private readonly log: Logger;

  constructor(
    private readonly config: CkanSourceConfig,
    private readonly deps: CkanSourceDeps = {},
  ) {
    if (!config.ckanUrl) throw new Error('the CKAN source needs ckanUrl');
    const clock = deps.clock ?? systemClock;
    this.api = new CkanApi({
      ckanUrl: config.ckanUrl,
      timeoutMs: this.timeoutMs,
      lookup: deps.lookup,
    });
    this.tickets =
      deps.tickets ??
      (config.ticketSecret ? new LaunchTicketVerifier(config.ticketSecret, clock) : null);
    const cache = new NotebookCache(
      {
        maxEntries: deps.cache?.maxEntries ?? 64,
        maxBytes: deps.cache?.maxBytes ?? 64 * 1024 * 1024,
      },
      () => clock.nowMs(),
    );
    this.loader = {
      api: this.api,
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
    const resourceId = checkResourceId(request.resource_id);
    const { caller, loaded } = await this.loadFor(request.ticket, resourceId, signal);
    const { resource, dataset, content, fileName } = loaded;
    return {
      key: `ckan:${resource.id}`,
      title: loaded.title,
      fileName,
      content,
      private: dataset.private,
      ckanUser: caller.kind === 'ticket' ? caller.user : null,
      env: {
        CKAN_SITE_URL: this.api.base,
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
      checkResourceId(resourceId),
      this.callerAs(user),
      signal,
      this.loader,
    );
    return {
      resourceId: loaded.resource.id,
      datasetId: loaded.dataset.id,
      title: loaded.title,
      datasetTitle: loaded.dataset.title ?? loaded.dataset.name,
      fileName: loaded.fileName,
      content: loaded.content,
    };
  }

  private get timeoutMs(): number {
    return this.config.fetchTimeoutSeconds * 1000;
  }

  /** The names the launcher shows, asked as `user` (see resolveForPreview) or anonymously. */
  describe(resourceId: string, user: string | null, signal: AbortSignal): Promise<CkanSummary> {
    return describeResource(this.api, checkResourceId(resourceId), this.callerAs(user), signal);
  }

  /**
   * The CKAN user `ticket` vouches for (for `resourceId`), consuming it; throws
   * HubError('ticket_invalid') for an invalid, expired or spent ticket.
   */
  vouch(ticket: string, resourceId: string): string {
    if (!this.tickets) {
      throw new HubError('ticket_invalid', {
        message: 'This hub does not accept launch tickets (no ticket secret is set).',
      });
    }
    return this.tickets.verify(ticket, resourceId).user;
  }

  /**
   * A ticket that cannot be used (expired, spent, from another secret) must not stop a
   * logged-in user from running what everyone may run: the launch falls back to the
   * guest path, and only a notebook a guest cannot read reports the ticket's problem.
   */
  private async loadFor(
    ticket: string | undefined,
    resourceId: string,
    signal: AbortSignal,
  ): Promise<{ caller: CkanCaller; loaded: LoadedNotebook }> {
    let caller: CkanCaller = { kind: 'guest' };
    try {
      if (ticket !== undefined) caller = this.callerAs(this.vouch(ticket, resourceId));
    } catch (ticketError) {
      if (!(ticketError instanceof HubError) || ticketError.code !== 'ticket_invalid')
        throw ticketError;
      try {
        const loaded = await loadNotebook(resourceId, caller, signal, this.loader);
        this.log.info('launch ticket not usable; running as a guest', {
          resource: resourceId,
          reason: ticketError.details?.reason,
        });
        return { caller, loaded };
      } catch (guestError) {
        if (guestError instanceof HubError && guestError.code === 'dataset_forbidden')
          throw ticketError;
        throw guestError;
      }
    }
    return { caller, loaded: await loadNotebook(resourceId, caller, signal, this.loader) };
  }

  private callerAs(user: string | null): CkanCaller {
    return user === null
      ? { kind: 'guest' }
      : { kind: 'ticket', user, token: this.config.ckanApiToken };
  }

  private async materialize(
    dir: string,
    loaded: LoadedNotebook,
    caller: CkanCaller,
    signal: AbortSignal,
  ): Promise<void> {
    await writeFile(join(dir, loaded.fileName), loaded.content, { flag: 'wx' });
    try {
      await writeDataFolder(
        dir,
        loaded.dataset,
        { resourceId: loaded.resource.id, fileName: loaded.fileName },
        {
          api: this.api,
          caller,
          formats: this.config.ckanDataFormats,
          maxBytes: this.config.ckanDataMaxBytes,
          timeoutMs: this.timeoutMs,
          lookup: this.deps.lookup,
          signal,
          log: this.log,
        },
      );
    } catch (error) {
      if (signal.aborted) throw error;
      // The notebook is written; it opens without its data rather than not at all.
      this.log.warn('data folder not written', { dataset: loaded.dataset.id, error });
    }
  }
}

function checkResourceId(id: string | undefined): string {
  if (typeof id !== 'string' || !resourceIdPattern.test(id)) {
    throw new HubError('bad_request', {
      message: 'The resource id is not valid.',
      field: 'resource_id',
    });
  }
  return id;
}
