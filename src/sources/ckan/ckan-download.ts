/**
 * Fetching a resource's file. Uploads come through the configured `ckanUrl`
 * (`{ckanUrl}/dataset/{package_id}/resource/{id}/download/{filename}`), never from the
 * stored absolute URL: CKAN builds that from `ckan.site_url`, which the hub often cannot
 * reach (a Docker network, a public name that loops back). Links are fetched from their
 * URL under the SSRF rules. The API token goes only to the CKAN origin, only for a
 * ticket holder.
 */
import { safeFetch, type SafeFetchOptions, type SafeFetchResponse } from '../../net/safe-fetch.js';
import type { CkanApi, CkanCaller } from './ckan-api.js';
import { isUpload, urlFileName, type CkanResource } from './ckan-types.js';

export interface DownloadOptions {
  readonly api: CkanApi;
  readonly caller: CkanCaller;
  readonly maxBytes: number;
  readonly timeoutMs: number;
  readonly lookup?: SafeFetchOptions['lookup'];
  readonly signal?: AbortSignal;
  /** Told the bytes received so far (see safeFetch). */
  readonly onBytes?: (received: number) => void;
}

/** The URL the hub fetches a resource's file from. */
export function downloadUrl(api: CkanApi, resource: CkanResource): string {
  if (!isUpload(resource)) return resource.url;
  const file = encodeURIComponent(urlFileName(resource) || 'download');
  return `${api.base}/dataset/${encodeURIComponent(resource.package_id)}/resource/${encodeURIComponent(resource.id)}/download/${file}`;
}

/** GET the resource's file (any status; the caller judges it). SSRF rules and caps apply. */
export function downloadResource(
  resource: CkanResource,
  options: DownloadOptions,
): Promise<SafeFetchResponse> {
  const url = downloadUrl(options.api, resource);
  const token = options.caller.kind === 'ticket' ? options.caller.token : null;
  const toCkan = sameOrigin(url, options.api.origin);
  return safeFetch(url, {
    maxBytes: options.maxBytes,
    timeoutMs: options.timeoutMs,
    trustedOrigin: options.api.origin,
    headers: token && toCkan ? { authorization: token } : {},
    lookup: options.lookup,
    signal: options.signal,
    onBytes: options.onBytes,
  });
}

function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}
