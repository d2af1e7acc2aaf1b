/** The notebook sources the config enables: the directory source always, CKAN when `ckanUrl` is set. */
import { resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import { CkanSource } from './ckan/ckan-source.js';
import { DirectorySource } from './directory/directory-source.js';
import type { NotebookSource } from './source.js';

export interface NotebookSources {
  readonly directory: DirectorySource;
  readonly ckan: CkanSource | null;
  readonly sources: NotebookSource[];
}

export function createNotebookSources(config: Config, log: Logger): NotebookSources {
  const limits = { maxBytes: config.notebookMaxBytes, maxDepth: config.notebookMaxDepth };
  const directory = new DirectorySource(resolve(config.notebooksDir), limits);
  const ckan = config.ckanUrl ? new CkanSource(config, { log }) : null;
  return { directory, ckan, sources: ckan ? [directory, ckan] : [directory] };
}
