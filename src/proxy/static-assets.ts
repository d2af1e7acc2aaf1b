/**
 * Jupyter's versioned static files: `{base}static/<path>?v=<content hash>`. Notebook 6
 * (Tornado's StaticFileHandler) already answers them with `Cache-Control:
 * max-age=315360000` but never compresses (its 2.8 MB `main.min.js` goes out as it is).
 * The proxy therefore, for exactly these responses (GET, 200, path `static/…` right under
 * the session's base URL, a non-empty `v`):
 * - sends `Cache-Control: private, max-age=31536000, immutable` instead of upstream's:
 *   `private` because the URL holds a session id and only its owner may fetch it (a
 *   shared cache must not answer for the proxy's access check); `immutable` so a reload
 *   never revalidates. The browser cache is the one that matters;
 * - compresses text-like bodies (br or gzip, whichever the client accepts) that upstream
 *   did not encode, with `Vary: Accept-Encoding` (compressed-static.ts).
 * Unversioned static files, API answers, pages, notebooks and files keep upstream's headers
 * byte for byte. The body is always exactly what the session's own server sent: nothing
 * is answered from another session's response (see compressed-static.ts).
 *
 * The shared, session-independent static path (config `sharedStatic`: `{base}nbstatic/`,
 * so a second session hits the browser cache) is not here: the hub answers it from a
 * read-only copy made before any session exists (src/static/), never from a session's
 * server and never from a cache keyed by URL: all sessions share one origin, so a
 * poisoned shared file would run a hostile session's script in every other session.
 */
import type { IncomingMessage } from 'node:http';

export const VERSIONED_CACHE_CONTROL = 'private, max-age=31536000, immutable';

/** Whether `url` (raw request target) is a versioned static file of the session at `sessionBase` (`{basePath}user/<id>/`). */
export function isVersionedStatic(url: string, sessionBase: string): boolean {
  if (!url.startsWith(`${sessionBase}static/`)) return false;
  const queryAt = url.indexOf('?');
  if (queryAt === -1) return false;
  const version = new URLSearchParams(url.slice(queryAt + 1)).get('v');
  return version !== null && version !== '';
}

/** The versioned static answers the proxy takes over: a GET's 200 (a 304 or an error passes through). */
export function takesOverStatic(
  req: IncomingMessage,
  status: number,
  sessionBase: string,
): boolean {
  return req.method === 'GET' && status === 200 && isVersionedStatic(req.url ?? '', sessionBase);
}

const TEXT_LIKE =
  /^(?:text\/|application\/(?:javascript|x-javascript|json|xml|wasm|manifest\+json)|image\/svg\+xml|font\/(?:ttf|otf)|application\/(?:x-font-ttf|x-font-otf|vnd\.ms-fontobject))/;

/** Whether a body of this type is worth compressing (images and woff fonts are compressed already). */
export function isCompressible(contentType: string | undefined): boolean {
  return typeof contentType === 'string' && TEXT_LIKE.test(contentType.trim().toLowerCase());
}

/** The encoding to answer with for this `Accept-Encoding`: `br`, else `gzip`, else none. */
export function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  if (!acceptEncoding) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}

/**
 * Upstream's headers (already filtered for the client) with the hub's caching: its own
 * `Cache-Control` instead of upstream's, no `Expires`, and, when the body is re-encoded,
 * the new `Content-Encoding`/`Content-Length` and `Vary: Accept-Encoding`.
 */
export function versionedStaticHeaders(
  flat: readonly string[],
  body: { encoding: 'br' | 'gzip' | null; length: number | null; varies: boolean },
): string[] {
  const drop = new Set(['cache-control', 'expires', 'vary']);
  if (body.encoding !== null) drop.add('content-length').add('content-encoding').add('etag');
  const out: string[] = [];
  const vary: string[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    const lower = flat[i]!.toLowerCase();
    if (lower === 'vary') vary.push(flat[i + 1]!);
    if (!drop.has(lower)) out.push(flat[i]!, flat[i + 1]!);
  }
  out.push('Cache-Control', VERSIONED_CACHE_CONTROL);
  if (body.varies) vary.push('Accept-Encoding');
  if (vary.length > 0) out.push('Vary', vary.join(', '));
  if (body.encoding !== null) {
    out.push('Content-Encoding', body.encoding);
    if (body.length !== null) out.push('Content-Length', String(body.length));
  }
  return out;
}
