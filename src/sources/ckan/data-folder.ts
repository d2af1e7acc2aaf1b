/**
 * Copies a dataset's other resources into `<workspace>/data/` for the notebook:
 * formats from `ckanDataFormats`, a total size cap, one file at a time in the dataset's
 * order. A file that cannot be copied is listed in the manifest (skipped or failed, with
 * why) and never stops the rest: the notebook must open even when its data cannot.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HubError } from '../../errors/hub-error.js';
import type { Logger } from '../../log.js';
import { fetchFailureReason } from '../../net/fetch-failure.js';
import { formatBytes } from '../../net/format-bytes.js';
import { downloadResource, type DownloadOptions } from './ckan-download.js';
import { formatOf, urlFileName, type CkanDataset, type CkanResource } from './ckan-types.js';
import {
  manifestFileName,
  readmeFileName,
  writeManifest,
  type DataFileEntry,
  type DataManifest,
} from './data-manifest.js';
import { FileNamer } from './file-namer.js';

export interface DataFolderOptions extends Omit<DownloadOptions, 'maxBytes' | 'signal'> {
  readonly formats: readonly string[];
  readonly maxBytes: number;
  readonly signal: AbortSignal;
  readonly log?: Logger;
}

/** Writes `dir/data/` (files, MANIFEST.json, README.txt) and returns the manifest. */
export async function writeDataFolder(
  dir: string,
  dataset: CkanDataset,
  notebook: { readonly resourceId: string; readonly fileName: string },
  options: DataFolderOptions,
): Promise<DataManifest> {
  const dataDir = join(dir, 'data');
  await mkdir(dataDir);
  const formats = new Set(options.formats.map((f) => f.toLowerCase().replace(/^\./, '')));
  const namer = new FileNamer([manifestFileName, readmeFileName]);
  const files: DataFileEntry[] = [];
  let total = 0;
  for (const resource of dataset.resources) {
    if (resource.id === notebook.resourceId || (resource.state ?? 'active') !== 'active') continue;
    const base = {
      resource_id: resource.id,
      name: resource.name ?? resource.id,
      format: formatOf(resource),
    };
    const entry = await copyOne(resource, base, options.maxBytes - total, {
      dataDir,
      formats,
      namer,
      options,
    });
    if (entry.status === 'fetched') total += entry.bytes;
    files.push(entry);
  }
  const manifest: DataManifest = {
    dataset: { id: dataset.id, name: dataset.name, title: dataset.title ?? dataset.name },
    notebook: { resource_id: notebook.resourceId, file: notebook.fileName },
    max_bytes: options.maxBytes,
    total_bytes: total,
    files,
  };
  await writeManifest(dataDir, manifest);
  return manifest;
}

interface CopyContext {
  readonly dataDir: string;
  readonly formats: ReadonlySet<string>;
  readonly namer: FileNamer;
  readonly options: DataFolderOptions;
}

async function copyOne(
  resource: CkanResource,
  base: { resource_id: string; name: string; format: string },
  leftBytes: number,
  { dataDir, formats, namer, options }: CopyContext,
): Promise<DataFileEntry> {
  if (!formats.has(base.format)) {
    const message = `Not copied: the format ${base.format || '(none)'} is not one of ${[...formats].join(', ')}.`;
    return { ...base, status: 'skipped', reason: 'format', message };
  }
  const tooBig = (size: string) => ({
    ...base,
    status: 'skipped' as const,
    reason: 'size' as const,
    message: `Not copied: ${size} than the ${formatBytes(Math.max(0, leftBytes))} left of the ${formatBytes(options.maxBytes)} data limit.`,
  });
  if (leftBytes <= 0 || (resource.size !== null && resource.size > leftBytes)) {
    return tooBig(
      resource.size !== null ? `${formatBytes(resource.size)} is more` : 'it is larger',
    );
  }
  try {
    const res = await downloadResource(resource, { ...options, maxBytes: leftBytes });
    if (res.status !== 200)
      return { ...base, status: 'failed', message: `The portal answered HTTP ${res.status}.` };
    const file = namer.take(
      urlFileName(resource) || base.name,
      `resource-${resource.id.slice(0, 8)}`,
      base.format,
    );
    await writeFile(join(dataDir, file), res.body, { flag: 'wx' });
    return { ...base, status: 'fetched', file, bytes: res.body.length };
  } catch (error) {
    if (options.signal.aborted) throw error;
    if (fetchFailureReason(error) === 'too_large') return tooBig('it is larger');
    options.log?.warn('data file not copied', { resource: resource.id, error });
    const message = error instanceof HubError ? error.message : 'The file could not be copied.';
    return { ...base, status: 'failed', message };
  }
}
