/** Where to connect for a route's `target` origin. */
export interface UpstreamTarget {
  /** Host name or IP address to connect to, without IPv6 brackets. */
  readonly hostname: string;
  readonly port: number;
  /** `host[:port]` as in a `Host` header, for clients that sent none. */
  readonly host: string;
}

const cache = new Map<string, UpstreamTarget | null>();
// Targets change as sessions come and go; forgetting them all now and then is cheaper
// than tracking which are still in use.
const CACHE_LIMIT = 1_024;

/**
 * Parses a route target such as `http://127.0.0.1:41234` once and remembers it, so the
 * hot path does no URL parsing. Only plain `http:` origins are accepted: notebook
 * servers sit on loopback or a private container network behind the hub. Anything else
 * yields null.
 */
export function upstreamTarget(target: string): UpstreamTarget | null {
  let parsed = cache.get(target);
  if (parsed === undefined) {
    parsed = parseTarget(target);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(target, parsed);
  }
  return parsed;
}

function parseTarget(target: string): UpstreamTarget | null {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' || url.username !== '' || url.password !== '') return null;
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (hostname === '') return null;
  return { hostname, port: url.port === '' ? 80 : Number(url.port), host: url.host };
}
