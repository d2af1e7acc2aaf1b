/**
 * The error catalogue: every failure a visitor, an admin or the CKAN plugin can see has
 * a stable `code`, an HTTP `status` and a `message` that is safe to show. The `cause` is
 * kept for the log only and never reaches a response.
 */
export const errorCatalogue = {
  bad_request: { status: 400, message: 'The request is not valid.' },
  setting_invalid: { status: 400, message: 'A setting is not valid.' },
  unauthorized: { status: 401, message: 'Authentication is required.' },
  ticket_invalid: { status: 401, message: 'The launch ticket is not valid.' },
  forbidden: { status: 403, message: 'You are not allowed to do that.' },
  origin_refused: { status: 403, message: 'Requests from this origin are not allowed.' },
  dataset_forbidden: { status: 403, message: 'This dataset is not public.' },
  explore_disabled: {
    status: 403,
    message: 'Exploring datasets in Jupyter is switched off on this hub.',
  },
  not_found: { status: 404, message: 'Not found.' },
  notebook_not_found: { status: 404, message: 'The notebook does not exist.' },
  session_not_found: { status: 404, message: 'No such session.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  notebook_too_large: { status: 413, message: 'The notebook is larger than the size limit.' },
  notebook_invalid: { status: 422, message: 'The notebook is not a valid Jupyter notebook.' },
  download_too_large: {
    status: 413,
    message: 'This notebook is larger than the download limit.',
  },
  fetch_refused: { status: 422, message: 'The file cannot be fetched from that address.' },
  hub_full: {
    status: 429,
    message: 'All sessions are in use and the queue is full. Try again soon.',
  },
  rate_limited: { status: 429, message: 'Too many launches from your address. Try again soon.' },
  address_limit: {
    status: 429,
    message: 'Your address already has the maximum number of sessions.',
  },
  spawn_failed: { status: 500, message: 'The notebook server could not be started.' },
  upstream_failed: { status: 502, message: 'The data portal answered with an error.' },
  server_error: { status: 502, message: 'The notebook server answered with an error.' },
  ckan_unavailable: { status: 503, message: 'The data portal cannot be reached right now.' },
  server_unavailable: { status: 503, message: 'The notebook server is not answering.' },
  spawner_unavailable: { status: 503, message: 'The session backend is not available right now.' },
  spawn_timeout: { status: 504, message: 'The notebook server did not start in time.' },
  internal: { status: 500, message: 'Something went wrong on our side.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export interface HubErrorOptions {
  /** A more specific visitor-safe message; defaults to the catalogue's. */
  message?: string;
  /** For the log only. */
  cause?: unknown;
  /** Names the offending field (settings, config, request body). */
  field?: string;
  /** Sent as `Retry-After` with 429/503. */
  retryAfterSeconds?: number;
  /** Extra visitor-safe JSON details (e.g. a queue position). */
  details?: Record<string, unknown>;
}

export class HubError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, options: HubErrorOptions = {}) {
    super(options.message ?? errorCatalogue[code].message, { cause: options.cause });
    this.name = 'HubError';
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.field = options.field;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.details = options.details;
  }

  /** The JSON body sent to clients: never the cause, never a stack. */
  toJSON(): Record<string, unknown> {
    return {
      error: this.code,
      message: this.message,
      ...(this.field ? { field: this.field } : {}),
      ...(this.retryAfterSeconds !== undefined ? { retry_after: this.retryAfterSeconds } : {}),
      ...(this.details ?? {}),
    };
  }
}

/** Anything thrown becomes a HubError; unknown errors become `internal`. */
export function toHubError(error: unknown): HubError {
  if (error instanceof HubError) return error;
  return new HubError('internal', { cause: error });
}
