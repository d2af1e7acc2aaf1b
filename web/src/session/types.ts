/** What the hub's API answers about a session and its capacity (see src/http/session-view.ts). */

export type SessionState = 'queued' | 'starting' | 'ready' | 'stopping' | 'ended';

export interface SessionView {
  id: string;
  state: SessionState;
  stage: string;
  url: string | null;
  notebook: { title: string; file: string } | null;
  queue_position: number | null;
  queue_length: number;
  estimated_wait_seconds: number | null;
  expires_at: string | null;
  idle_deadline: string | null;
  ended_reason: string | null;
  error: string | null;
  warning_seconds: number;
  /** Each data file's progress during a dataset launch (src/sources/file-progress.ts). */
  files?: FileLine[] | null;
}

export interface FileLine {
  resource_id: string;
  name: string;
  kind: 'file' | 'notebook' | 'datastore';
  state: 'waiting' | 'fetching' | 'done' | 'skipped' | 'failed';
  bytes: number;
  size: number | null;
  reason: 'size' | 'format' | 'link' | null;
  message: string | null;
}

export interface Capacity {
  max_sessions: number;
  /** The guests' effective cap (never above max_sessions). */
  max_guest_sessions: number;
  running: number;
  /** Sessions a logged-in CKAN user could start now. */
  free: number;
  /** Sessions a guest could start now. */
  free_guests: number;
  queued: number;
}

/** Where the page's data comes from: the server-rendered `#run` element's attributes. */
export interface PageConfig {
  readonly base: string;
  readonly launch: Record<string, string>;
  readonly key: string;
  /** SameSite of the visitor cookie (`lax`, `strict` or `none`), for the cookie probe. */
  readonly cookieSameSite: string;
  /**
   * The portal's launch route, which signs a fresh launch ticket and redirects back here
   * with `run=1`: a launch without an unspent ticket goes there first.
   */
  readonly renew: string | null;
  /** Launch as soon as the page loads (the portal's redirect after a click on Run). */
  readonly autorun: boolean;
  /** The visitor's running session for this notebook, to follow instead of the intro. */
  readonly sessionId: string | null;
}

export function isOver(view: SessionView): boolean {
  return view.state === 'stopping' || view.state === 'ended';
}
