/**
 * The dataset source: launches by `{dataset_id, ticket?}` (an id or a name). The hub asks
 * CKAN for the dataset as the caller (a guest anonymously; a valid launch ticket, whose
 * `dataset_id` claim names this dataset's id or name, with the hub's token), so CKAN's
 * own access rules decide, before any slot is taken. The session gets a starter notebook
 * generated from the dataset's metadata (cached per dataset version and copy plan), the
 * dataset's data files and notebooks, and a saved first page of every DataStore table.
 */
import type { LookupFunction } from 'node:net';
import { systemClock } from '../../clock.js';
import type { Config } from '../../config/schema.js';
import { HubError } from '../../errors/hub-error.js';
import type { LaunchTicketVerifier } from '../../identity/launch-ticket-verifier.js';
import type { Visitor } from '../../identity/visitor.js';
import { silentLogger, type Logger } from '../../log.js';
import type { CkanCaller } from '../ckan/ckan-api.js';
import { CkanAccess } from '../ckan/ckan-access.js';
import { checkCkanRef } from '../ckan/ckan-ref.js';
import type { CkanSourceConfig } from '../ckan/ckan-source.js';
import { materializeWithData } from '../ckan/materialize-with-data.js';
import type { LaunchRequest, NotebookSource, ResolvedNotebook } from '../source.js';
import { copyDatasetFiles } from './copy-dataset-files.js';
import { fetchDatasetMeta } from './dataset-meta.js';
import { describeDataset, type DatasetSummary } from './describe-dataset.js';
import { planDataset } from './plan-dataset.js';
import { StarterCache, type StarterNotebook } from './starter-cache.js';

export type { DatasetSummary } from './describe-dataset.js';
export type { StarterNotebook } from './starter-cache.js';

export interface CkanDatasetSourceDeps {
  readonly log?: Logger;
  readonly tickets?: LaunchTicketVerifier;
  readonly lookup?: LookupFunction;
  /** Downloads at a time per launch (default 4). */
  readonly parallel?: number;
  /**
   * The admin's explore settings, read at every launch and preview (the hub passes its
   * runtime settings; default: the config's `exploreDatasets` and `exploreFormats`).
   */
  readonly explore?: () => ExploreSettings;
}

export interface ExploreSettings {
  readonly explore_datasets: boolean;
  readonly explore_formats: readonly string[];
}

export class CkanDatasetSource implements NotebookSource {
  readonly name = 'ckan-dataset';
  private readonly access: CkanAccess;
  private readonly starters = new StarterCache();
  private readonly log: Logger;

  constructor(
    private readonly config: CkanSourceConfig & Pick<Config, 'exploreDatasets' | 'exploreFormats'>,
    private readonly deps: CkanDatasetSourceDeps = {},
  ) {
    if (!config.ckanUrl) throw new Error('the CKAN dataset source needs ckanUrl');
    this.access = new CkanAccess(
      { ...config, ckanUrl: config.ckanUrl, timeoutMs: this.timeoutMs },
      { tickets: deps.tickets, clock: systemClock, lookup: deps.lookup },
    );
    this.log = deps.log ?? silentLogger;
  }

  accepts(request: LaunchRequest): boolean {
    return typeof request.dataset_id === 'string' && request.resource_id === undefined;
  }

  async resolve(
    request: LaunchRequest,
    _visitor: Visitor,
    signal: AbortSignal,
  ): Promise<ResolvedNotebook> {
    this.requireExploring();
    const ref = checkCkanRef(request.dataset_id, 'dataset_id');
    // As for notebooks: an unusable ticket does not stop a logged-in user from exploring
    // a public dataset; only a dataset a guest may not read reports the ticket's problem.
    const { caller, value: starter } = await this.access.askAs(
      request.ticket,
      { datasetId: ref },
      (as) => this.starter(ref, as, signal, request.lang),
      (reason) =>
        this.log.info('launch ticket not usable; exploring as a guest', { dataset: ref, reason }),
    );
    const { meta, plan } = starter;
    return {
      key: `ckan-dataset:${meta.dataset.id}`,
      title: meta.starter.title,
      fileName: starter.fileName,
      content: starter.content,
      private: meta.dataset.private,
      ckanUser: caller.kind === 'ticket' ? caller.user : null,
      env: { CKAN_SITE_URL: this.access.api.base, CKAN_DATASET_ID: meta.dataset.id },
      materialize: (dir, materializeSignal, onProgress) =>
        materializeWithData(
          dir,
          starter,
          materializeSignal,
          () =>
            copyDatasetFiles(dir, meta, plan, {
              api: this.access.api,
              caller,
              maxBytes: this.config.ckanDataMaxBytes,
              parallel: this.deps.parallel ?? 4,
              notebookLimits: {
                maxBytes: this.config.notebookMaxBytes,
                maxDepth: this.config.notebookMaxDepth,
              },
              timeoutMs: this.timeoutMs,
              lookup: this.deps.lookup,
              signal: materializeSignal,
              log: this.log,
              onProgress,
            }),
          // The starter is written; it opens (and says which files are missing) rather than not at all.
          { log: this.log, message: 'dataset files not written', datasetId: meta.dataset.id },
        ),
    };
  }

  /**
   * The starter notebook for the static preview: asked anonymously, or as `user` when a
   * preview grant the launcher page made from a ticket for this dataset vouches for them.
   */
  async resolveForPreview(
    ref: string,
    signal: AbortSignal,
    user: string | null = null,
    lang?: string,
  ): Promise<{ title: string; content: Buffer }> {
    this.requireExploring();
    const starter = await this.starter(
      checkCkanRef(ref, 'dataset_id'),
      this.access.callerAs(user),
      signal,
      lang,
    );
    return { title: starter.meta.starter.title, content: starter.content };
  }

  /** The launcher heading's names, asked as `user` (null: anonymously); only package_show. */
  async describe(ref: string, user: string | null, signal: AbortSignal): Promise<DatasetSummary> {
    return describeDataset(
      this.access.api,
      checkCkanRef(ref, 'dataset_id'),
      this.access.callerAs(user),
      signal,
    );
  }

  /**
   * The CKAN user `ticket` vouches for (its `dataset_id` claim names `ref`), consuming
   * it; throws HubError('ticket_invalid') for an invalid, expired or spent ticket.
   */
  vouch(ticket: string, ref: string): string {
    return this.access.vouch(ticket, { datasetId: ref });
  }

  /**
   * Asks CKAN for the dataset as `caller`, plans the copy and builds (or reuses) the
   * starter in `lang` (English when absent or unknown): cached per version, plan and language.
   */
  async starter(
    ref: string,
    caller: CkanCaller,
    signal: AbortSignal,
    lang?: string,
  ): Promise<StarterNotebook> {
    const meta = await fetchDatasetMeta(this.access.api, ref, caller, signal);
    const plan = planDataset(meta, {
      formats: this.config.ckanDataFormats,
      exploreFormats: this.explore().explore_formats,
      maxBytes: this.config.ckanDataMaxBytes,
    });
    return this.starters.starter(meta, plan, lang);
  }

  /** The explore settings in force now. */
  explore(): ExploreSettings {
    return (
      this.deps.explore?.() ?? {
        explore_datasets: this.config.exploreDatasets,
        explore_formats: this.config.exploreFormats,
      }
    );
  }

  /** Refuses (before CKAN is asked and before any slot is taken) while exploring is off. */
  requireExploring(): void {
    if (!this.explore().explore_datasets) throw new HubError('explore_disabled');
  }

  private get timeoutMs(): number {
    return this.config.fetchTimeoutSeconds * 1000;
  }
}
