/**
 * Why a fetch failed, and the HubError a visitor sees for it. Every failure carries a
 * machine-readable `reason` (in `details`), so callers can tell "too large" (skip a data
 * file) from "refused" or "unreachable" without parsing messages.
 */
import { HubError } from '../errors/hub-error.js';

export type FetchFailureReason =
  | 'invalid_url'
  | 'scheme'
  | 'credentials'
  | 'address'
  | 'redirects'
  | 'too_large'
  | 'encoding'
  | 'timeout'
  | 'dns'
  | 'unreachable';

/** The failure reason of a HubError thrown by `safeFetch`, or undefined for any other error. */
export function fetchFailureReason(error: unknown): FetchFailureReason | undefined {
  if (!(error instanceof HubError)) return undefined;
  const reason = error.details?.reason;
  return typeof reason === 'string' ? (reason as FetchFailureReason) : undefined;
}

/**
 * The HubError for a failure. Network failures (timeout, DNS, refused) of the trusted
 * CKAN site become `ckan_unavailable` (503); everything else is `fetch_refused`.
 */
export function fetchFailure(
  reason: FetchFailureReason,
  message: string,
  options: { trustedSite?: boolean; cause?: unknown } = {},
): HubError {
  const network = reason === 'timeout' || reason === 'dns' || reason === 'unreachable';
  if (network && options.trustedSite) {
    // The portal's internal address is the operator's business: the log gets it, visitors do not.
    return new HubError('ckan_unavailable', {
      message: 'The data portal cannot be reached right now. Try again in a minute.',
      cause: new Error(message, { cause: options.cause }),
      retryAfterSeconds: 30,
      details: { reason },
    });
  }
  return new HubError('fetch_refused', { message, cause: options.cause, details: { reason } });
}

/** Turns a socket-level error (ECONNREFUSED, ENOTFOUND …) of a request to `host` into a failure. */
export function networkFailure(error: unknown, host: string, trustedSite: boolean): HubError {
  const code = (error as { code?: unknown } | null)?.code;
  if (
    code === 'ENOTFOUND' ||
    code === 'EAI_AGAIN' ||
    code === 'EAI_FAIL' ||
    code === 'EAI_NODATA'
  ) {
    return fetchFailure('dns', `The host name ${host} could not be resolved.`, {
      trustedSite,
      cause: error,
    });
  }
  const what = typeof code === 'string' ? describeSocketCode(code) : 'the connection failed';
  return fetchFailure('unreachable', `${host} could not be reached (${what}).`, {
    trustedSite,
    cause: error,
  });
}

function describeSocketCode(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
      return 'connection reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'no route to host';
    case 'ETIMEDOUT':
      return 'connection timed out';
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return 'TLS handshake failed';
    default:
      return code.startsWith('CERT_') || code.includes('CERT')
        ? 'its TLS certificate is not valid'
        : code;
  }
}
