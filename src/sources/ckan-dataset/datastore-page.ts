/**
 * The first page of a DataStore table (`datastore_search`, 100 rows), fetched as the
 * launch's caller so CKAN decides: a guest anonymously, a ticket holder with the hub's
 * token. Saved into the session so the starter shows data even where the session
 * cannot reach the portal (a Docker network without egress, a private table).
 */
import { HubError } from '../../errors/hub-error.js';
import { safeFetch, type SafeFetchOptions } from '../../net/safe-fetch.js';
import type { CkanApi, CkanCaller } from '../ckan/ckan-api.js';

export interface PageOptions {
  readonly api: CkanApi;
  readonly caller: CkanCaller;
  readonly timeoutMs: number;
  readonly lookup?: SafeFetchOptions['lookup'];
  readonly signal: AbortSignal;
}

/** The `result` of `datastore_search?resource_id=<id>&limit=100` as JSON text. */
export async function fetchFirstPage(resourceId: string, options: PageOptions): Promise<Buffer> {
  const token = options.caller.kind === 'ticket' ? options.caller.token : null;
  const url = `${options.api.base}/api/3/action/datastore_search?resource_id=${encodeURIComponent(resourceId)}&limit=100`;
  const res = await safeFetch(url, {
    maxBytes: 8 * 1024 * 1024,
    timeoutMs: options.timeoutMs,
    trustedOrigin: options.api.origin,
    headers: { accept: 'application/json', ...(token ? { authorization: token } : {}) },
    lookup: options.lookup,
    signal: options.signal,
  });
  const answer = parse(res.body);
  if (res.status !== 200 || answer?.success !== true || typeof answer.result !== 'object')
    throw new HubError('upstream_failed', {
      message: `The portal answered datastore_search with HTTP ${res.status}.`,
    });
  return Buffer.from(`${JSON.stringify(answer.result)}\n`, 'utf8');
}

function parse(body: Buffer): { success?: unknown; result?: unknown } | null {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null ? value : null;
  } catch {
    return null;
  }
}
