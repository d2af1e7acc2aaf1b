/**
 * Copies one planned file (plan-dataset.ts) of a dataset session: a data file into
 * `data/`, a notebook next to the starter. Never throws for the file itself: the result
 * is its manifest entry (fetched; skipped for size, decided before a byte arrives or when
 * it outgrows `capBytes`; failed, with a visitor-safe why), and its progress line says
 * the same. Only an abort (the launch was given up) propagates.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HubError } from '../../errors/hub-error.js';
import type { Logger } from '../../log.js';
import { fetchFailureReason } from '../../net/fetch-failure.js';
import { formatBytes } from '../../net/format-bytes.js';
import { downloadResource, type DownloadOptions } from '../ckan/ckan-download.js';
import { formatOf } from '../ckan/ckan-types.js';
import type { DataFileEntry } from '../ckan/data-manifest.js';
import { fetchNotebook } from '../ckan/fetch-notebook.js';
import type { FileProgressTracker } from '../file-progress.js';
import type { NotebookLimits } from '../validate.js';
import { doneLine } from './copy-progress.js';
import type { PlannedCopy } from './plan-dataset.js';

export interface FileCopyOptions extends Omit<DownloadOptions, 'maxBytes' | 'signal' | 'onBytes'> {
  /** The data limit as a whole (named in the "too large" message). */
  readonly maxBytes: number;
  readonly notebookLimits: NotebookLimits;
  readonly signal: AbortSignal;
  readonly log?: Logger;
}

/** Where the session's files go: the starter's folder and its `data/`. */
export interface CopyTarget {
  readonly dir: string;
  readonly dataDir: string;
}

/** Copies `copy`, using at most `capBytes` of the data limit. */
export async function copyPlannedFile(
  copy: PlannedCopy,
  capBytes: number,
  target: CopyTarget,
  options: FileCopyOptions,
  progress: FileProgressTracker,
): Promise<DataFileEntry> {
  const entry = await copyFile(copy, capBytes, target, options, progress);
  const kind = copy.notebook ? 'notebook' : 'file';
  if (entry.status === 'fetched') progress.update(kind, entry.resource_id, doneLine(entry.bytes));
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

async function copyFile(
  { resource, file, notebook }: PlannedCopy,
  cap: number,
  { dir, dataDir }: CopyTarget,
  options: FileCopyOptions,
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
