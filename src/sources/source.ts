/**
 * Notebook sources: where a session's notebook (and its neighbour data) come from.
 *
 * `resolve` runs in the launch request, before any slot is reserved: it finds and
 * validates the notebook and throws a `HubError` (404, 403, 413, 422, 502 …) for
 * anything wrong, so bad input never costs a slot. `materialize` runs once the session
 * has a slot: it writes the notebook and its data into a fresh folder. A source never
 * writes to where it reads from.
 */
import type { Visitor } from '../identity/visitor.js';
import type { FileProgressListener } from './file-progress.js';

/**
 * What a launch asks for: `{notebook}` for the directory source, `{resource_id, ticket}`
 * for a CKAN notebook, `{dataset_id, ticket}` for a CKAN dataset's starter notebook.
 */
export interface LaunchRequest {
  readonly notebook?: string;
  readonly resource_id?: string;
  readonly dataset_id?: string;
  readonly ticket?: string;
  /** The visitor's page language (`en`, `de`, …) for generated text, e.g. a starter notebook. */
  readonly lang?: string;
}

export interface ResolvedNotebook {
  /** Which source and which notebook, stable across launches (e.g. `directory:demo/plot.ipynb`). */
  readonly key: string;
  readonly title: string;
  /** File name the notebook gets in the workspace (no slashes). */
  readonly fileName: string;
  /** The validated notebook bytes. */
  readonly content: Buffer;
  /** True when only a logged-in visitor may run it (not counted as a guest session). */
  readonly private: boolean;
  /** The CKAN user a valid launch ticket vouched for, or null/absent for a guest. */
  readonly ckanUser?: string | null;
  /** Extra environment for the server, e.g. CKAN_SITE_URL and CKAN_DATASET_ID. */
  readonly env: Readonly<Record<string, string>>;
  /**
   * Writes the notebook and its data files into `dir` (which exists and is empty). A
   * source that copies several files may tell `onProgress` each file's progress.
   */
  materialize(dir: string, signal: AbortSignal, onProgress?: FileProgressListener): Promise<void>;
}

export interface NotebookSource {
  readonly name: string;
  /** Whether this source handles the request (by which fields it has). */
  accepts(request: LaunchRequest): boolean;
  resolve(request: LaunchRequest, visitor: Visitor, signal: AbortSignal): Promise<ResolvedNotebook>;
}
