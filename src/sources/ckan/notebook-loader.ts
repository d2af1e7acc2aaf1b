/**
 * Finds a notebook resource through the Action API (as the given caller, so CKAN does
 * the authorisation) and gets its validated bytes, from the cache when this version was
 * fetched before.
 */
import type { LookupFunction } from 'node:net';
import { HubError } from '../../errors/hub-error.js';
import type { NotebookLimits } from '../validate.js';
import type { CkanApi, CkanCaller } from './ckan-api.js';
import {
  asDataset,
  asResource,
  isNotebook,
  isUpload,
  urlFileName,
  type CkanDataset,
  type CkanResource,
} from './ckan-types.js';
import { fetchNotebook } from './fetch-notebook.js';
import { safeFileName } from './file-namer.js';
import type { NotebookCache } from './notebook-cache.js';

export interface LoadedNotebook {
  readonly resource: CkanResource;
  readonly dataset: CkanDataset;
  readonly content: Buffer;
  readonly fileName: string;
  readonly title: string;
}

export interface NotebookLoaderOptions {
  readonly api: CkanApi;
  readonly cache: NotebookCache;
  readonly limits: NotebookLimits;
  readonly timeoutMs: number;
  /** How long a linked (not uploaded) notebook is served from the cache. */
  readonly linkTtlMs: number;
  readonly lookup?: LookupFunction;
}

export async function loadNotebook(
  resourceId: string,
  caller: CkanCaller,
  signal: AbortSignal,
  options: NotebookLoaderOptions,
): Promise<LoadedNotebook> {
  const { api } = options;
  const resource = asResource(await api.show('resource_show', resourceId, caller, signal));
  if ((resource.state ?? 'active') !== 'active') {
    throw new HubError('notebook_not_found', { message: 'The portal has no such resource.' });
  }
  if (!isNotebook(resource)) {
    const format = resource.format
      ? `its format is ${resource.format.slice(0, 40)}`
      : 'it has no format';
    throw new HubError('notebook_invalid', {
      message: `This resource is not a Jupyter notebook (${format}).`,
    });
  }
  const dataset = asDataset(await api.show('package_show', resource.package_id, caller, signal));
  const version = [
    resource.id,
    resource.last_modified,
    resource.metadata_modified,
    resource.url,
  ].join('\n');
  // Shared by everyone waiting for this version: bounded by its own timeout, not one caller's signal.
  const download = () =>
    fetchNotebook(resource, options.limits, {
      api,
      caller,
      timeoutMs: options.timeoutMs,
      lookup: options.lookup,
    });
  const ttlMs = isUpload(resource) ? Infinity : options.linkTtlMs;
  const content = await untilAborted(options.cache.get(version, download, ttlMs), signal);
  const fileName = notebookFileName(resource);
  return {
    resource,
    dataset,
    content,
    fileName,
    title: resource.name || dataset.title || fileName,
  };
}

/** The URL's file name when it is an .ipynb, else the resource's name + `.ipynb`. */
function notebookFileName(resource: CkanResource): string {
  const named = urlFileName(resource);
  if (/\.ipynb$/i.test(named)) return safeFileName(named, 'notebook.ipynb');
  return `${safeFileName(resource.name ?? '', 'notebook').slice(0, 90)}.ipynb`;
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
