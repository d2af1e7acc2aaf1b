/**
 * Saves the first page of each planned DataStore table (datastore-page.ts) into `data/`,
 * at most `parallel` at a time. A page that cannot be saved is logged and reported as
 * failed (with a visitor-safe why) and never stops the others; only an abort propagates.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HubError } from '../../errors/hub-error.js';
import type { Logger } from '../../log.js';
import type { DataFileEntry } from '../ckan/data-manifest.js';
import type { FileProgressTracker } from '../file-progress.js';
import { doneLine } from './copy-progress.js';
import { fetchFirstPage, type PageOptions } from './datastore-page.js';
import { inParallel } from './in-parallel.js';
import type { PlannedPage } from './plan-dataset.js';

export interface SavePagesOptions extends PageOptions {
  readonly parallel: number;
  readonly log?: Logger;
}

/** The manifest entry of every page, by resource id. */
export async function saveDatastorePages(
  pages: readonly PlannedPage[],
  dataDir: string,
  options: SavePagesOptions,
  progress: FileProgressTracker,
): Promise<Map<string, DataFileEntry>> {
  const entries = new Map<string, DataFileEntry>();
  await inParallel(pages, options.parallel, async ({ resource, file }) => {
    const base = {
      resource_id: resource.id,
      name: resource.name ?? resource.id,
      format: 'datastore',
    };
    progress.update('datastore', resource.id, { state: 'fetching' });
    try {
      const body = await fetchFirstPage(resource.id, options);
      await writeFile(join(dataDir, file), body, { flag: 'wx' });
      entries.set(resource.id, { ...base, status: 'fetched', file, bytes: body.length });
      progress.update('datastore', resource.id, doneLine(body.length));
    } catch (error) {
      if (options.signal.aborted) throw error;
      options.log?.warn('datastore page not saved', { resource: resource.id, error });
      const message =
        error instanceof HubError ? error.message : 'The first page could not be saved.';
      entries.set(resource.id, { ...base, status: 'failed', message });
      progress.update('datastore', resource.id, { state: 'failed', message });
    }
  });
  return entries;
}
