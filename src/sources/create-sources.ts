/** The notebook sources the config enables: the directory source always, CKAN when `ckanUrl` is set. */
import { resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log.js';
import { DirectorySource } from './directory/directory-source.js';
import type { NotebookSource } from './source.js';

export function createNotebookSources(
  config: Config,
  _dataDir: string,
  _log: Logger,
): { directory: DirectorySource; sources: NotebookSource[] } {
  const limits = { maxBytes: config.notebookMaxBytes, maxDepth: config.notebookMaxDepth };
  const directory = new DirectorySource(resolve(config.notebooksDir), limits);
  return { directory, sources: [directory] };
}
