/**
 * The parts of CKAN's resource and dataset dicts the hub reads, checked on the way in:
 * a portal answer of another shape is an upstream failure, not a crash later.
 */
import { HubError } from '../../errors/hub-error.js';

export interface CkanResource {
  readonly id: string;
  readonly package_id: string;
  readonly name: string | null;
  readonly format: string | null;
  readonly url: string;
  /** `upload` for files stored by CKAN; null (or another word) for links. */
  readonly url_type: string | null;
  readonly size: number | null;
  readonly last_modified: string | null;
  readonly metadata_modified: string | null;
  readonly state: string | null;
}

export interface CkanDataset {
  readonly id: string;
  readonly name: string;
  readonly title: string | null;
  readonly private: boolean;
  /** CKAN's dataset type (`dataset` unless a schema plugin says otherwise): its URL prefix. */
  readonly type: string;
  readonly resources: readonly CkanResource[];
}

const malformed = (what: string) =>
  new HubError('upstream_failed', {
    message: `The data portal sent a ${what} the hub cannot read.`,
  });

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function asResource(value: unknown): CkanResource {
  const r = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof r.id !== 'string' || typeof r.package_id !== 'string') throw malformed('resource');
  return {
    id: r.id,
    package_id: r.package_id,
    name: str(r.name),
    format: str(r.format),
    url: str(r.url) ?? '',
    url_type: str(r.url_type),
    size: typeof r.size === 'number' && Number.isFinite(r.size) && r.size >= 0 ? r.size : null,
    last_modified: str(r.last_modified),
    metadata_modified: str(r.metadata_modified),
    state: str(r.state),
  };
}

export function asDataset(value: unknown): CkanDataset {
  const d = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof d.id !== 'string' || typeof d.name !== 'string' || !Array.isArray(d.resources)) {
    throw malformed('dataset');
  }
  return {
    id: d.id,
    name: d.name,
    title: str(d.title),
    private: d.private === true,
    type: typeof d.type === 'string' && /^[a-z0-9_-]{1,100}$/.test(d.type) ? d.type : 'dataset',
    resources: d.resources.map(asResource),
  };
}

/** The resource's format in lower case without a leading dot, else its URL's extension, else ''. */
export function formatOf(resource: CkanResource): string {
  const declared = (resource.format ?? '').trim().toLowerCase().replace(/^\./, '');
  if (declared) return declared;
  return /\.([a-z0-9]{1,10})$/i.exec(urlPath(resource.url))?.[1]?.toLowerCase() ?? '';
}

/** Whether the resource is a Jupyter notebook: format `ipynb`, or a URL ending in `.ipynb`. */
export function isNotebook(resource: CkanResource): boolean {
  return formatOf(resource) === 'ipynb' || /\.ipynb$/i.test(urlPath(resource.url));
}

/** Whether CKAN stores the file itself (downloaded through the configured base URL). */
export function isUpload(resource: CkanResource): boolean {
  return resource.url_type === 'upload';
}

/** The last path segment of the resource URL, decoded ('' when there is none). */
export function urlFileName(resource: CkanResource): string {
  const last = urlPath(resource.url).split('/').pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

function urlPath(url: string): string {
  try {
    return new URL(url, 'http://relative.invalid/').pathname;
  } catch {
    return '';
  }
}
