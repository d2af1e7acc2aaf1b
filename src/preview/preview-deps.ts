/**
 * What the preview routes need from the hub: a way to fetch a notebook's bytes from a
 * source, the origins allowed to frame previews, and the notebook size limits.
 */
import type { NotebookLimits } from '../sources/validate.js';
import type { PreviewRenderOptions } from './preview-limits.js';

/** `notebooks`: a path in the directory source; `ckan`: a CKAN resource id; `ckan-dataset`: a dataset id or name. */
export type PreviewSourceKind = 'notebooks' | 'ckan' | 'ckan-dataset';

/** A notebook as a source hands it over, before validation. */
export interface PreviewNotebook {
  readonly title: string;
  readonly content: Buffer;
}

/**
 * What vouches for a CKAN user on a preview request: a launch ticket (spent by the
 * request) or a preview grant the launcher page made from one. Neither: anonymous.
 */
export interface PreviewAccess {
  readonly ticket?: string;
  readonly grant?: string;
}

export interface PreviewDeps {
  /**
   * Fetches the notebook `id` (a relative path for `notebooks`, a resource id for `ckan`)
   * anonymously, or for `ckan` as the user a valid `access` vouches for (an invalid one
   * counts as none). Throws a `HubError` for anything wrong (`notebook_not_found` 404,
   * `dataset_forbidden` 403, `notebook_too_large` 413, `upstream_failed` 502,
   * `ckan_unavailable` 503 …); other errors become a 500. Stops when `signal` aborts
   * (the visitor went away). The routes validate the returned bytes themselves. `lang`:
   * the page language, for a notebook the hub generates (a dataset's starter).
   */
  load(
    kind: PreviewSourceKind,
    id: string,
    signal: AbortSignal,
    access?: PreviewAccess,
    lang?: string,
  ): Promise<PreviewNotebook>;
  /**
   * Origins allowed to frame previews (the CKAN site, the launcher's origin), read per
   * request. Empty means `'self'` only; `*` and non-origins are refused (500).
   */
  frameAncestors(): readonly string[];
  /** Limits `validateNotebook` applies to the loaded bytes. */
  readonly limits: NotebookLimits;
  /** Output truncation and time budget for rendering; defaults when omitted. */
  readonly render?: PreviewRenderOptions;
}
