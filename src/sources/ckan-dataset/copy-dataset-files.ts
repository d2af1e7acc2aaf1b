/**
 * Writes a dataset session's files as planned (plan-dataset.ts): the data files into
 * `data/` and the dataset's notebooks next to the starter, at most `parallel` downloads
 * at a time; each DataStore table's first page into `data/`; then `data/MANIFEST.json`
 * and `data/README.txt` listing every resource: fetched, skipped (with why, decided
 * before any byte was downloaded) or failed (with why). A file that cannot be copied
 * never stops the others or the session.
 *
 * Progress: `onProgress` is told every line (file-progress.ts) as files wait, fetch (bytes
 * so far), finish, fail or are skipped, so the launcher can show each file.
 *
 * Size: a file with a declared size may use its size plus the unreserved rest of the
 * limit; files of unknown size are fetched after those, one at a time, within what is
 * left. So only portals that declare too small a size can make the total exceed the limit.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeManifest, type DataFileEntry, type DataManifest } from '../ckan/data-manifest.js';
import { FileProgressTracker, type FileProgressListener } from '../file-progress.js';
import { copyPlannedFile, type FileCopyOptions } from './copy-planned-file.js';
import { initialLines } from './copy-progress.js';
import { datasetManifest } from './dataset-manifest.js';
import type { DatasetMeta } from './dataset-meta.js';
import { inParallel } from './in-parallel.js';
import type { DatasetPlan, PlannedCopy } from './plan-dataset.js';
import { saveDatastorePages } from './save-datastore-pages.js';

export interface CopyOptions extends FileCopyOptions {
  /** Downloads (and DataStore pages) at a time. */
  readonly parallel: number;
  /** Told the per-file progress after each change (byte counts throttled). */
  readonly onProgress?: FileProgressListener;
}

/** Writes the planned files, pages, MANIFEST.json and README.txt into `dir`; returns the manifest. */
export async function copyDatasetFiles(
  dir: string,
  meta: DatasetMeta,
  plan: DatasetPlan,
  options: CopyOptions,
): Promise<DataManifest> {
  const dataDir = join(dir, 'data');
  await mkdir(dataDir);
  const copies = new Map<string, DataFileEntry>();
  const progress = new FileProgressTracker(options.onProgress);
  progress.setAll(initialLines(meta, plan));
  let used = 0;
  const slack = Math.max(0, options.maxBytes - plan.reservedBytes);
  const copyOne = async (copy: PlannedCopy, cap: number) => {
    const entry = await copyPlannedFile(copy, cap, { dir, dataDir }, options, progress);
    if (entry.status === 'fetched' && !copy.notebook) used += entry.bytes;
    copies.set(copy.resource.id, entry);
  };
  const sized = plan.copies.filter((c) => c.notebook || c.resource.size !== null);
  await inParallel(sized, options.parallel, (c) =>
    copyOne(c, c.notebook ? options.notebookLimits.maxBytes : (c.resource.size ?? 0) + slack),
  );
  for (const copy of plan.copies.filter((c) => !sized.includes(c)))
    await copyOne(copy, options.maxBytes - used);
  const pages = await saveDatastorePages(plan.pages, dataDir, options, progress);
  const manifest = datasetManifest(meta, plan, options.maxBytes, {
    copies,
    pages,
    totalBytes: used,
  });
  await writeManifest(dataDir, manifest);
  return manifest;
}
