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
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HubError } from '../../errors/hub-error.js';
import type { Logger } from '../../log.js';
import { fetchFailureReason } from '../../net/fetch-failure.js';
import { formatBytes } from '../../net/format-bytes.js';
import { downloadResource, type DownloadOptions } from '../ckan/ckan-download.js';
import { formatOf } from '../ckan/ckan-types.js';
import {
  manifestFileName,
  readmeFileName,
  renderReadme,
  type DataFileEntry,
  type DataManifest,
} from '../ckan/data-manifest.js';
import { fetchNotebook } from '../ckan/fetch-notebook.js';
import {
  FileProgressTracker,
  type FileProgress,
  type FileProgressListener,
} from '../file-progress.js';
import type { NotebookLimits } from '../validate.js';
import { fetchFirstPage } from './datastore-page.js';
import type { DatasetMeta } from './dataset-meta.js';
import type { DatasetPlan, PlannedCopy } from './plan-dataset.js';

export interface CopyOptions extends Omit<DownloadOptions, 'maxBytes' | 'signal' | 'onBytes'> {
  readonly maxBytes: number;
  readonly parallel: number;
  readonly notebookLimits: NotebookLimits;
  readonly signal: AbortSignal;
  readonly log?: Logger;
  /** Told the per-file progress after each change (byte counts throttled). */
  readonly onProgress?: FileProgressListener;
}

export async function copyDatasetFiles(
  dir: string,
  meta: DatasetMeta,
  plan: DatasetPlan,
  options: CopyOptions,
): Promise<DataManifest> {
  const dataDir = join(dir, 'data');
  await mkdir(dataDir);
  const results = new Map<string, DataFileEntry>();
  const progress = new FileProgressTracker(options.onProgress);
  progress.setAll(initialLines(meta, plan));
  let used = 0;
  const slack = Math.max(0, options.maxBytes - plan.reservedBytes);
  const copyOne = async (copy: PlannedCopy, cap: number) => {
    const entry = await fetchOne(copy, cap, dir, dataDir, options, progress);
    if (entry.status === 'fetched' && !copy.notebook) used += entry.bytes;
    results.set(copy.resource.id, entry);
  };
  const sized = plan.copies.filter((c) => c.notebook || c.resource.size !== null);
  await inParallel(sized, options.parallel, (c) =>
    copyOne(c, c.notebook ? options.notebookLimits.maxBytes : (c.resource.size ?? 0) + slack),
  );
  for (const copy of plan.copies.filter((c) => !sized.includes(c)))
    await copyOne(copy, options.maxBytes - used);
  const pages = new Map<string, DataFileEntry>();
  await inParallel(plan.pages, options.parallel, async ({ resource, file }) => {
    const base = {
      resource_id: resource.id,
      name: resource.name ?? resource.id,
      format: 'datastore',
    };
    progress.update('datastore', resource.id, { state: 'fetching' });
    try {
      const body = await fetchFirstPage(resource.id, { ...options, signal: options.signal });
      await writeFile(join(dataDir, file), body, { flag: 'wx' });
      pages.set(resource.id, { ...base, status: 'fetched', file, bytes: body.length });
      progress.update('datastore', resource.id, done(body.length));
    } catch (error) {
      if (options.signal.aborted) throw error;
      options.log?.warn('datastore page not saved', { resource: resource.id, error });
      const message =
        error instanceof HubError ? error.message : 'The first page could not be saved.';
      pages.set(resource.id, { ...base, status: 'failed', message });
      progress.update('datastore', resource.id, { state: 'failed', message });
    }
  });
  const files: DataFileEntry[] = [];
  for (const section of plan.sections) {
    const base = {
      resource_id: section.resourceId,
      name: section.name,
      format: section.format.toLowerCase(),
    };
    const page = section.kind === 'datastore' ? pages.get(section.resourceId) : undefined;
    if (page) files.push(page);
    else if (section.kind === 'skipped')
      files.push({
        ...base,
        status: 'skipped',
        reason: section.reason === 'size' ? 'size' : 'format',
        message: section.message,
      });
    else if (section.kind !== 'datastore') files.push(results.get(section.resourceId)!);
  }
  const manifest: DataManifest = {
    dataset: { id: meta.dataset.id, name: meta.dataset.name, title: meta.starter.title },
    notebook: { resource_id: '', file: plan.starterFile },
    max_bytes: options.maxBytes,
    total_bytes: used,
    files,
  };
  await writeFile(join(dataDir, manifestFileName), `${JSON.stringify(manifest, null, 2)}\n`, {
    flag: 'wx',
  });
  await writeFile(join(dataDir, readmeFileName), renderReadme(manifest), { flag: 'wx' });
  return manifest;
}

async function fetchOne(
  copy: PlannedCopy,
  cap: number,
  dir: string,
  dataDir: string,
  options: CopyOptions,
  progress: FileProgressTracker,
): Promise<DataFileEntry> {
  const entry = await fetchOneFile(copy, cap, dir, dataDir, options, progress);
  const kind = copy.notebook ? 'notebook' : 'file';
  if (entry.status === 'fetched') progress.update(kind, entry.resource_id, done(entry.bytes));
  else if (entry.status === 'failed')
    progress.update(kind, entry.resource_id, { state: 'failed', message: entry.message });
  else
    progress.update(kind, entry.resource_id, {
      state: 'skipped',
      reason: 'size',
      message: entry.message,
    });
  return entry;
}

async function fetchOneFile(
  { resource, file, notebook }: PlannedCopy,
  cap: number,
  dir: string,
  dataDir: string,
  options: CopyOptions,
  progress: FileProgressTracker,
): Promise<DataFileEntry> {
  const base = {
    resource_id: resource.id,
    name: resource.name ?? resource.id,
    format: formatOf(resource),
  };
  const tooBig = (): DataFileEntry => ({
    ...base,
    status: 'skipped',
    reason: 'size',
    message: `Not copied: it is larger than the ${formatBytes(Math.max(0, cap))} it may use of the ${formatBytes(options.maxBytes)} data limit.`,
  });
  if (cap <= 0) return tooBig();
  const kind = notebook ? 'notebook' : 'file';
  progress.update(kind, resource.id, { state: 'fetching' });
  try {
    if (notebook) {
      const content = await fetchNotebook(resource, options.notebookLimits, options);
      await writeFile(join(dir, file), content, { flag: 'wx' });
      return { ...base, status: 'fetched', file: `../${file}`, bytes: content.length };
    }
    const res = await downloadResource(resource, {
      ...options,
      maxBytes: cap,
      onBytes: (received) => progress.bytes(kind, resource.id, received),
    });
    if (res.status !== 200)
      return { ...base, status: 'failed', message: `The portal answered HTTP ${res.status}.` };
    await writeFile(join(dataDir, file), res.body, { flag: 'wx' });
    return { ...base, status: 'fetched', file, bytes: res.body.length };
  } catch (error) {
    if (options.signal.aborted) throw error;
    if (fetchFailureReason(error) === 'too_large') return tooBig();
    options.log?.warn('dataset file not copied', { resource: resource.id, error });
    const message = error instanceof HubError ? error.message : 'The file could not be copied.';
    return { ...base, status: 'failed', message };
  }
}

const done = (bytes: number): Partial<FileProgress> => ({ state: 'done', bytes, size: bytes });

/** Every line before anything is fetched: the copies and pages waiting, the skipped ones with why. */
function initialLines(meta: DatasetMeta, plan: DatasetPlan): FileProgress[] {
  const sizeOf = (id: string) => meta.dataset.resources.find((r) => r.id === id)?.size ?? null;
  const line = (resource_id: string, name: string, kind: FileProgress['kind']): FileProgress => ({
    resource_id,
    name,
    kind,
    state: 'waiting',
    bytes: 0,
    size: kind === 'datastore' ? null : sizeOf(resource_id),
    reason: null,
    message: null,
  });
  const lines: FileProgress[] = [];
  for (const section of plan.sections) {
    if (section.kind === 'skipped')
      lines.push({
        ...line(section.resourceId, section.name, 'file'),
        state: 'skipped',
        reason: section.reason,
        message: section.message,
      });
    else if (section.kind === 'datastore')
      lines.push(line(section.resourceId, section.name, 'datastore'));
    else lines.push(line(section.resourceId, section.name, section.kind));
  }
  return lines;
}

/** Runs `work` over `items`, at most `limit` at a time; rejects with the first error. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
