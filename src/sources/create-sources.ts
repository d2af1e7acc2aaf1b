/** The notebook sources the config enables: the directory source always, CKAN notebooks and datasets when `ckanUrl` is set. */
import { resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import { systemClock } from '../clock.js';
import { LaunchTicketVerifier } from '../identity/launch-ticket-verifier.js';
import { CkanDatasetSource, type ExploreSettings } from './ckan-dataset/ckan-dataset-source.js';
import { CkanSource } from './ckan/ckan-source.js';
import { DirectorySource } from './directory/directory-source.js';
import type { NotebookSource } from './source.js';

export interface NotebookSources {
  readonly directory: DirectorySource;
  readonly ckan: CkanSource | null;
  readonly ckanDataset: CkanDatasetSource | null;
  readonly sources: NotebookSource[];
}

/** `explore`: the admin's runtime explore settings (default: the config's). */
export function createNotebookSources(
  config: Config,
  log: Logger,
  explore?: () => ExploreSettings,
): NotebookSources {
  const limits = { maxBytes: config.notebookMaxBytes, maxDepth: config.notebookMaxDepth };
  const directory = new DirectorySource(resolve(config.notebooksDir), limits);
  // One verifier (one nonce store) for both CKAN sources.
  const tickets = config.ticketSecret
    ? new LaunchTicketVerifier(config.ticketSecret, systemClock)
    : undefined;
  const ckan = config.ckanUrl ? new CkanSource(config, { log, tickets }) : null;
  const ckanDataset = config.ckanUrl
    ? new CkanDatasetSource(config, { log, tickets, explore })
    : null;
  const sources = ckan && ckanDataset ? [directory, ckan, ckanDataset] : [directory];
  return { directory, ckan, ckanDataset, sources };
}
