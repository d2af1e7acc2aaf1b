/**
 * The one way the hub fetches a URL it did not make up (CKAN resources, linked
 * notebooks and data). Only http(s); every address checked when the socket connects
 * (connect-guard.ts), again after every redirect, which we follow ourselves; a byte cap
 * on the decoded body; one deadline for the whole fetch. The configured CKAN site is the
 * one origin that may be private (it often sits on a Docker network or on loopback).
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { isIP, type LookupFunction } from 'node:net';
import { HubError } from '../errors/hub-error.js';
import { blockedAddressMessage, blockedAddressReason } from './address-policy.js';
import { BlockedAddressError } from './connect-guard.js';
import { fetchFailure, networkFailure } from './fetch-failure.js';
import { fetchOnce } from './fetch-once.js';
import { readCappedBody } from './read-capped-body.js';

export interface SafeFetchOptions {
  /** Cap on the (decoded) body; larger bodies fail with reason `too_large`. */
  readonly maxBytes: number;
  /** Deadline for the whole fetch, redirects and body included. */
  readonly timeoutMs: number;
  /** Origin (or any URL on it) of the configured CKAN site: may be private; its network failures are `ckan_unavailable`. */
  readonly trustedOrigin?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Default 5. */
  readonly maxRedirects?: number;
  /** Name resolution, for tests (defaults to dns.lookup). Every answer is still checked. */
  readonly lookup?: LookupFunction;
  /** The caller's cancellation; its reason is rethrown as is. */
  readonly signal?: AbortSignal;
  /** Told the decoded body's bytes so far, after each chunk of the final response. */
  readonly onBytes?: (received: number) => void;
}

export interface SafeFetchResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly finalUrl: string;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const credentialHeaders = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * GET `input` under the SSRF rules. Resolves for any final (non-redirect) status; the
 * caller judges it. Rejects with `HubError('fetch_refused' | 'ckan_unavailable')` whose
 * `details.reason` is a `FetchFailureReason`, or with `signal.reason` when cancelled.
 */
export async function safeFetch(
  input: string,
  options: SafeFetchOptions,
): Promise<SafeFetchResponse> {
  const trustedOrigin = options.trustedOrigin ? new URL(options.trustedOrigin).origin : null;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
  const signal = options.signal
    ? AbortSignal.any([options.signal, deadline.signal])
    : deadline.signal;
  let url = parseTarget(input);
  let headers: Record<string, string> = {
    'user-agent': 'ckan-notebook-hub',
    accept: '*/*',
    ...lowerKeys(options.headers ?? {}),
    'accept-encoding': 'identity',
  };
  let res: IncomingMessage | undefined;
  const stopBody = () => res?.destroy();
  signal.addEventListener('abort', stopBody, { once: true });
  try {
    for (let redirects = 0; ; redirects++) {
      const trusted = url.origin === trustedOrigin;
      checkTarget(url, trusted);
      res = await fetchOnce(url, { headers, trusted, lookup: options.lookup, signal });
      const location = res.headers.location;
      if (redirectStatuses.has(res.statusCode ?? 0) && location) {
        res.destroy();
        const limit = options.maxRedirects ?? 5;
        if (redirects >= limit) {
          throw fetchFailure('redirects', `The address redirected more than ${limit} times.`);
        }
        const next = parseTarget(location, url);
        headers = headersForRedirect(headers, url, next);
        url = next;
        continue;
      }
      const body = await readCappedBody(res, options.maxBytes, trusted, options.onBytes);
      return { status: res.statusCode ?? 0, headers: res.headers, body, finalUrl: url.href };
    }
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    const trusted = url.origin === trustedOrigin;
    if (deadline.signal.aborted) {
      const seconds = Math.max(1, Math.round(options.timeoutMs / 1000));
      throw fetchFailure(
        'timeout',
        `The download from ${url.host} did not finish within ${seconds} s.`,
        {
          trustedSite: trusted,
          cause: error,
        },
      );
    }
    throw toFailure(error, url, trusted);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', stopBody);
  }
}

/** Headers for the next hop: credentials never follow a redirect to another origin. */
export function headersForRedirect(
  headers: Readonly<Record<string, string>>,
  from: URL,
  to: URL,
): Record<string, string> {
  if (from.origin === to.origin) return { ...headers };
  return Object.fromEntries(
    Object.entries(headers).filter(([k]) => !credentialHeaders.includes(k)),
  );
}

function parseTarget(input: string, base?: URL): URL {
  try {
    return new URL(input, base);
  } catch {
    throw fetchFailure(
      'invalid_url',
      base ? 'The address redirected to an invalid URL.' : 'The address is not a valid URL.',
    );
  }
}

function checkTarget(url: URL, trusted: boolean): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const scheme = url.protocol.slice(0, 20);
    throw fetchFailure(
      'scheme',
      `Only http and https addresses can be fetched, not ${scheme} addresses.`,
    );
  }
  if (url.username || url.password) {
    throw fetchFailure('credentials', 'Addresses with a user name or password cannot be fetched.');
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const reason = !trusted && isIP(host) ? blockedAddressReason(host) : null;
  if (reason) throw fetchFailure('address', blockedAddressMessage(host, reason));
}

function toFailure(error: unknown, url: URL, trusted: boolean): unknown {
  if (error instanceof HubError) return error;
  if (error instanceof BlockedAddressError) {
    return fetchFailure('address', blockedAddressMessage(error.address, error.reason, error.host));
  }
  // request-filtering-agent's own refusal: "DNS lookup <ip>(family:…, host:…) is not allowed…"
  const agentRefusal = /^DNS lookup (.+?)\(family:/.exec(
    error instanceof Error ? error.message : '',
  );
  if (agentRefusal) {
    const address = agentRefusal[1]!;
    const reason = blockedAddressReason(address) ?? 'is not allowed';
    return fetchFailure('address', blockedAddressMessage(address, reason, url.hostname), {
      cause: error,
    });
  }
  return networkFailure(error, url.host, trusted);
}

function lowerKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
