/**
 * A dataset session's `data/MANIFEST.json` (../ckan/data-manifest.ts): one entry per
 * resource in the plan's section order, whether it was copied (the copy's entry), saved
 * as a DataStore page (the page's entry) or skipped by the plan (with its why).
 */
import type { DataFileEntry, DataManifest } from '../ckan/data-manifest.js';
import type { DatasetMeta } from './dataset-meta.js';
import type { DatasetPlan } from './plan-dataset.js';

export interface CopyResults {
  /** The entry of every planned copy, by resource id. */
  readonly copies: ReadonlyMap<string, DataFileEntry>;
  /** The entry of every saved (or failed) DataStore page, by resource id. */
  readonly pages: ReadonlyMap<string, DataFileEntry>;
  /** What the copied data files (not notebooks) add up to. */
  readonly totalBytes: number;
}

export function datasetManifest(
  meta: DatasetMeta,
  plan: DatasetPlan,
  maxBytes: number,
  results: CopyResults,
): DataManifest {
  const files: DataFileEntry[] = [];
  for (const section of plan.sections) {
    const base = {
      resource_id: section.resourceId,
      name: section.name,
      format: section.format.toLowerCase(),
    };
    const page = section.kind === 'datastore' ? results.pages.get(section.resourceId) : undefined;
    if (page) files.push(page);
    else if (section.kind === 'skipped')
      files.push({
        ...base,
        status: 'skipped',
        reason: section.reason === 'size' ? 'size' : 'format',
        message: section.message,
      });
    else if (section.kind !== 'datastore') files.push(results.copies.get(section.resourceId)!);
  }
  return {
    dataset: { id: meta.dataset.id, name: meta.dataset.name, title: meta.starter.title },
    notebook: { resource_id: '', file: plan.starterFile },
    max_bytes: maxBytes,
    total_bytes: results.totalBytes,
    files,
  };
}
