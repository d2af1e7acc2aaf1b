/**
 * The dataset source: launches by `{dataset_id, ticket?}` (an id or a name). The hub asks
 * CKAN for the dataset as the caller (a guest anonymously; a valid launch ticket, whose
 * `dataset_id` claim names this dataset's id or name, with the hub's token), so CKAN's
 * own access rules decide, before any slot is taken. The session gets a starter notebook
 * generated from the dataset's metadata (cached per dataset version and copy plan), the
 * dataset's data files and notebooks, and a saved first page of every DataStore table.
 */
import { writeFile } from 'node:fs/promises';
import type { LookupFunction } from 'node:net';
import { join } from 'node:path';
import { systemClock } from '../../clock.js';
import { HubError } from '../../errors/hub-error.js';
import { LaunchTicketVerifier } from '../../identity/launch-ticket-verifier.js';
import type { Visitor } from '../../identity/visitor.js';
import { silentLogger, type Logger } from '../../log.js';
import { buildStarterNotebook } from '../../starter/build-starter-notebook.js';
import { starterLanguage } from '../../starter/starter-text.js';
import { CkanApi, type CkanCaller } from '../ckan/ckan-api.js';
import { asDataset } from '../ckan/ckan-types.js';
import type { CkanSourceConfig } from '../ckan/ckan-source.js';
import type { Config } from '../../config/schema.js';
import type { LaunchRequest, NotebookSource, ResolvedNotebook } from '../source.js';
import { copyDatasetFiles } from './copy-dataset-files.js';
import { readDatasetMeta, type DatasetMeta } from './dataset-meta.js';
import { planDataset, type DatasetPlan } from './plan-dataset.js';

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

/** What the dataset launcher's heading shows. */
export interface DatasetSummary {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  /** CKAN's dataset type, the first segment of the dataset page's path (`dataset`). */
  readonly type: string;
  readonly private: boolean;
}

export interface StarterNotebook {
  readonly meta: DatasetMeta;
  readonly plan: DatasetPlan;
  readonly fileName: string;
  readonly content: Buffer;
}

/** CKAN's dataset names are 2–100 of `a-z0-9_-`; ids are UUIDs. */
const datasetRefPattern = /^[A-Za-z0-9_-]{1,100}$/;
const cacheEntries = 32;

export class CkanDatasetSource implements NotebookSource {
  readonly name = 'ckan-dataset';
  private readonly api: CkanApi;
  private readonly tickets: LaunchTicketVerifier | null;
  private readonly log: Logger;
  /** Starter bytes per dataset version and plan; insertion order is the LRU order. */
  private readonly starters = new Map<string, Buffer>();

  constructor(
    private readonly config: CkanSourceConfig & Pick<Config, 'exploreDatasets' | 'exploreFormats'>,
    private readonly deps: CkanDatasetSourceDeps = {},
  ) {
    if (!config.ckanUrl) throw new Error('the CKAN dataset source needs ckanUrl');
    this.api = new CkanApi({
      ckanUrl: config.ckanUrl,
      timeoutMs: this.timeoutMs,
      lookup: deps.lookup,
    });
    this.tickets =
      deps.tickets ??
      (config.ticketSecret ? new LaunchTicketVerifier(config.ticketSecret, systemClock) : null);
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
    const ref = checkDatasetRef(request.dataset_id);
    const { caller, starter } = await this.starterFor(request.ticket, ref, signal, request.lang);
    const { meta, plan } = starter;
    return {
      key: `ckan-dataset:${meta.dataset.id}`,
      title: meta.starter.title,
      fileName: starter.fileName,
      content: starter.content,
      private: meta.dataset.private,
      ckanUser: caller.kind === 'ticket' ? caller.user : null,
      env: { CKAN_SITE_URL: this.api.base, CKAN_DATASET_ID: meta.dataset.id },
      materialize: async (dir, materializeSignal, onProgress) => {
        await writeFile(join(dir, starter.fileName), starter.content, { flag: 'wx' });
        try {
          await copyDatasetFiles(dir, meta, plan, {
            api: this.api,
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
          });
        } catch (error) {
          if (materializeSignal.aborted) throw error;
          // The starter is written; it opens (and says which files are missing) rather than not at all.
          this.log.warn('dataset files not written', { dataset: meta.dataset.id, error });
        }
      },
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
    const starter = await this.starter(checkDatasetRef(ref), this.callerAs(user), signal, lang);
    return { title: starter.meta.starter.title, content: starter.content };
  }

  /** The launcher heading's names, asked as `user` (null: anonymously); only package_show. */
  async describe(ref: string, user: string | null, signal: AbortSignal): Promise<DatasetSummary> {
    const raw = await this.api.show(
      'package_show',
      checkDatasetRef(ref),
      this.callerAs(user),
      signal,
    );
    const dataset = asDataset(raw);
    if (((raw as { state?: unknown }).state ?? 'active') !== 'active')
      throw new HubError('notebook_not_found', { message: 'The portal has no such dataset.' });
    return {
      id: dataset.id,
      name: dataset.name,
      title: dataset.title || dataset.name,
      type: dataset.type,
      private: dataset.private,
    };
  }

  /**
   * The CKAN user `ticket` vouches for (its `resource_id` claim names `ref`), consuming
   * it; throws HubError('ticket_invalid') for an invalid, expired or spent ticket.
   */
  vouch(ticket: string, ref: string): string {
    if (!this.tickets)
      throw new HubError('ticket_invalid', {
        message: 'This hub does not accept launch tickets (no ticket secret is set).',
      });
    return this.tickets.verify(ticket, { datasetId: ref }).user;
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
    const raw = await this.api.show('package_show', ref, caller, signal);
    const meta = readDatasetMeta(raw, this.api.base);
    if (
      (raw as { state?: unknown }).state !== undefined &&
      (raw as { state?: unknown }).state !== 'active'
    )
      throw new HubError('notebook_not_found', { message: 'The portal has no such dataset.' });
    const plan = planDataset(meta, {
      formats: this.config.ckanDataFormats,
      exploreFormats: this.explore().explore_formats,
      maxBytes: this.config.ckanDataMaxBytes,
    });
    const language = starterLanguage(lang);
    const key = JSON.stringify([
      language,
      meta.dataset.id,
      meta.starter.metadataModified,
      plan.starterFile,
      plan.sections,
    ]);
    let content = this.starters.get(key);
    if (content) this.starters.delete(key);
    else
      content = buildStarterNotebook({
        dataset: meta.starter,
        sections: plan.sections,
        lang: language,
      });
    this.starters.set(key, content);
    while (this.starters.size > cacheEntries)
      this.starters.delete(this.starters.keys().next().value!);
    return { meta, plan, fileName: plan.starterFile, content };
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

  /**
   * As for notebooks (ckan-source.ts): a ticket that cannot be used (expired, spent) does
   * not stop a logged-in user from exploring a public dataset: the launch falls back to
   * the guest path, and only a dataset a guest may not read reports the ticket's problem.
   */
  private async starterFor(
    ticket: string | undefined,
    ref: string,
    signal: AbortSignal,
    lang: string | undefined,
  ): Promise<{ caller: CkanCaller; starter: StarterNotebook }> {
    let caller: CkanCaller = { kind: 'guest' };
    try {
      if (ticket !== undefined) caller = this.callerAs(this.vouch(ticket, ref));
    } catch (ticketError) {
      if (!(ticketError instanceof HubError) || ticketError.code !== 'ticket_invalid')
        throw ticketError;
      try {
        const starter = await this.starter(ref, caller, signal, lang);
        this.log.info('launch ticket not usable; exploring as a guest', {
          dataset: ref,
          reason: ticketError.details?.reason,
        });
        return { caller, starter };
      } catch (guestError) {
        if (guestError instanceof HubError && guestError.code === 'dataset_forbidden')
          throw ticketError;
        throw guestError;
      }
    }
    return { caller, starter: await this.starter(ref, caller, signal, lang) };
  }

  private callerAs(user: string | null): CkanCaller {
    return user === null
      ? { kind: 'guest' }
      : { kind: 'ticket', user, token: this.config.ckanApiToken };
  }
}

function checkDatasetRef(ref: string | undefined): string {
  if (typeof ref !== 'string' || !datasetRefPattern.test(ref))
    throw new HubError('bad_request', {
      message: 'The dataset id is not valid.',
      field: 'dataset_id',
    });
  return ref;
}
