/**
 * CKAN's Action API (`GET {ckanUrl}/api/3/action/<name>?id=`) through safeFetch, with
 * CKAN's answers mapped to the hub's error catalogue. The API token is sent only when
 * the caller passes one; a guest's calls carry no Authorization header at all.
 */
import { HubError } from '../../errors/hub-error.js';
import { safeFetch, type SafeFetchOptions } from '../../net/safe-fetch.js';

export interface CkanApiOptions {
  /** The configured `ckanUrl`, e.g. `http://ckan:5000/` (a path prefix is kept). */
  readonly ckanUrl: string;
  readonly timeoutMs: number;
  readonly lookup?: SafeFetchOptions['lookup'];
}

/** Who the call is made as: a guest (anonymous), or the hub's token for a ticket holder. */
export type CkanCaller =
  | { readonly kind: 'guest' }
  | { readonly kind: 'ticket'; readonly user: string; readonly token: string | null };

const maxAnswerBytes = 16 * 1024 * 1024;

export class CkanApi {
  /** The base URL without a trailing slash. */
  readonly base: string;
  readonly origin: string;

  constructor(private readonly options: CkanApiOptions) {
    this.base = options.ckanUrl.replace(/\/+$/, '');
    this.origin = new URL(options.ckanUrl).origin;
  }

  /** The `result` of a successful call; a HubError for anything else. */
  async show(
    action: 'resource_show' | 'package_show',
    id: string,
    caller: CkanCaller,
    signal: AbortSignal,
  ): Promise<unknown> {
    const token = caller.kind === 'ticket' ? caller.token : null;
    const res = await safeFetch(
      `${this.base}/api/3/action/${action}?id=${encodeURIComponent(id)}`,
      {
        maxBytes: maxAnswerBytes,
        timeoutMs: this.options.timeoutMs,
        trustedOrigin: this.origin,
        headers: { accept: 'application/json', ...(token ? { authorization: token } : {}) },
        lookup: this.options.lookup,
        signal,
      },
    );
    const answer = parseAnswer(res.body);
    if (res.status === 200 && answer?.success === true && 'result' in answer) return answer.result;
    throw actionError(res.status, answer?.error?.__type, caller, action);
  }
}

interface ActionAnswer {
  readonly success?: unknown;
  readonly result?: unknown;
  readonly error?: { readonly __type?: unknown };
}

/** CKAN's JSON envelope, or null for anything else (a proxy's HTML error page, a truncated body). */
function parseAnswer(body: Buffer): ActionAnswer | null {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as ActionAnswer) : null;
  } catch {
    return null;
  }
}

function actionError(status: number, type: unknown, caller: CkanCaller, action: string): HubError {
  if (status === 404 && type === 'Not Found Error') {
    return new HubError('notebook_not_found', {
      message:
        action === 'resource_show'
          ? 'The portal has no such resource.'
          : 'The portal has no such dataset.',
    });
  }
  if (status === 403 && type === 'Authorization Error') return forbidden(caller);
  if (status === 409 && type === 'Validation Error') {
    return new HubError('bad_request', {
      message: 'The portal refused the resource id as invalid.',
    });
  }
  if (status === 502 || status === 503 || status === 504) {
    // A proxy in front of CKAN saying CKAN itself is down.
    return new HubError('ckan_unavailable', {
      message: `The data portal is not answering right now (HTTP ${status}).`,
      retryAfterSeconds: 30,
    });
  }
  return new HubError('upstream_failed', {
    message: `The data portal answered ${action} with ${type === undefined ? 'something that is not CKAN JSON' : 'an error'} (HTTP ${status}).`,
  });
}

/** The 403 a visitor sees: a guest is told to log in; a ticket holder that the hub could not read it. */
export function forbidden(caller: CkanCaller): HubError {
  if (caller.kind === 'guest') {
    return new HubError('dataset_forbidden', {
      message: 'This dataset is private. Log in to the portal to run it.',
    });
  }
  return new HubError('dataset_forbidden', {
    message: caller.token
      ? "The portal does not let the hub's account read this private dataset."
      : 'This dataset is private and the hub has no CKAN API token to read it.',
  });
}
