/**
 * Decides, from metadata alone and before any download, what a dataset session gets:
 * which resources are copied under which names (within `ckanDataMaxBytes`, judged by the
 * declared `size`), which DataStore tables get a section and a saved first page, which
 * notebooks come along, and which resources are skipped and why. Pure: the same
 * metadata and limits give the same plan, hence the same starter notebook.
 */
import { formatBytes } from '../../net/format-bytes.js';
import { isWebPage, loadableFormat, readerFor } from '../../starter/reader-for.js';
import type { StarterSection } from '../../starter/starter-types.js';
import { formatOf, isNotebook, urlFileName, type CkanResource } from '../ckan/ckan-types.js';
import { manifestFileName, readmeFileName } from '../ckan/data-manifest.js';
import { FileNamer, safeFileName } from '../ckan/file-namer.js';
import type { DatasetMeta } from './dataset-meta.js';

export interface PlannedCopy {
  readonly resource: CkanResource;
  readonly file: string;
  /** True when the file goes next to the starter (a notebook), else into `data/`. */
  readonly notebook: boolean;
}
export interface PlannedPage {
  readonly resource: CkanResource;
  readonly file: string;
}
export interface DatasetPlan {
  readonly starterFile: string;
  readonly sections: readonly StarterSection[];
  readonly copies: readonly PlannedCopy[];
  readonly pages: readonly PlannedPage[];
  /** Bytes reserved by the declared sizes of the copies. */
  readonly reservedBytes: number;
}

export interface PlanLimits {
  /** Formats copied at all (`ckanDataFormats`). */
  readonly formats: readonly string[];
  /**
   * Canonical loadable formats the starter loads (the `explore_formats` setting). A file
   * of another loadable format is skipped with a "fetch it by hand" cell, never copied;
   * formats with no reader (txt, zip, …) are copied as before, shown as a path.
   */
  readonly exploreFormats: readonly string[];
  readonly maxBytes: number;
}

export function planDataset(meta: DatasetMeta, limits: PlanLimits): DatasetPlan {
  const formats = new Set(limits.formats.map((f) => f.toLowerCase().replace(/^\./, '')));
  const explored = new Set(limits.exploreFormats);
  const starterFile = `${safeFileName(meta.dataset.name, 'dataset').slice(0, 80)}-starter.ipynb`;
  const dataNames = new FileNamer([manifestFileName, readmeFileName]);
  const rootNames = new FileNamer([starterFile, 'data']);
  const sections: StarterSection[] = [];
  const copies: PlannedCopy[] = [];
  const pages: PlannedPage[] = [];
  let reserved = 0;
  for (const resource of meta.dataset.resources) {
    if ((resource.state ?? 'active') !== 'active') continue;
    const extra = meta.extras.get(resource.id);
    const format = formatOf(resource);
    const base = {
      resourceId: resource.id,
      name: resource.name || resource.id,
      format: resource.format ?? '',
      description: extra?.description ?? '',
      url: resource.url,
    };
    if (extra?.datastore) {
      const file = dataNames.take(
        `${base.name}.first-page.json`,
        `datastore-${resource.id.slice(0, 8)}.json`,
        'json',
      );
      pages.push({ resource, file });
      sections.push({ ...base, kind: 'datastore', firstPageFile: file });
      if (resource.url_type === 'datastore') continue;
    }
    if (isNotebook(resource)) {
      const file = rootNames.take(
        urlFileName(resource) || base.name,
        `notebook-${resource.id.slice(0, 8)}`,
        'ipynb',
      );
      copies.push({ resource, file, notebook: true });
      sections.push({ ...base, kind: 'notebook', file });
      continue;
    }
    if (!formats.has(format)) {
      const link = isWebPage(format) || (!format && resource.url_type !== 'upload');
      const message = link
        ? 'A link to a web page, not a data file: open it in the browser.'
        : `Its format (${format || 'none'}) is not one the hub copies (${[...formats].join(', ')}).`;
      sections.push({
        ...base,
        kind: 'skipped',
        reason: link ? 'link' : 'format',
        message,
        ...(link ? {} : { facts: { format, formats: [...formats] } }),
      });
      continue;
    }
    const loadable = loadableFormat(format);
    if (loadable !== null && !explored.has(loadable)) {
      const chosen = [...explored].join(', ') || 'none';
      const message = `This hub does not load ${loadable} files in starter notebooks (the formats it loads: ${chosen}).`;
      sections.push({
        ...base,
        kind: 'skipped',
        reason: 'format',
        message,
        facts: { format: loadable, formats: [...explored], notLoaded: true },
      });
      continue;
    }
    const left = limits.maxBytes - reserved;
    if (resource.size !== null && resource.size > left) {
      const message = `Not copied: ${formatBytes(resource.size)} is more than the ${formatBytes(Math.max(0, left))} left of the ${formatBytes(limits.maxBytes)} data limit.`;
      sections.push({
        ...base,
        kind: 'skipped',
        reason: 'size',
        message,
        facts: { size: resource.size, left: Math.max(0, left), limit: limits.maxBytes },
      });
      continue;
    }
    reserved += resource.size ?? 0;
    const file = dataNames.take(
      urlFileName(resource) || base.name,
      `resource-${resource.id.slice(0, 8)}`,
      format,
    );
    copies.push({ resource, file, notebook: false });
    sections.push({ ...base, kind: 'file', file, reader: readerFor(format) });
  }
  return { starterFile, sections, copies, pages, reservedBytes: reserved };
}
