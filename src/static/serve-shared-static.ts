/**
 * Answers `{basePath}nbstatic/<key>/<path>` on the public listener from the read-only
 * copy `key` (static-copies.ts), never from a session's server: a GET or HEAD of a
 * regular file inside the copy, with its content type, compressed like the proxy's
 * versioned static files (the same memoised compressor), and `Cache-Control: public,
 * max-age=31536000, immutable` when versioned (`?v=`): the URL holds no session id and
 * every visitor gets the same bytes, so shared caches may keep it. Unversioned requests
 * get `no-cache` and `Last-Modified` (304 for an unchanged `If-Modified-Since`). Anything else is a 404: unknown keys, folders (no listing), empty,
 * `.`/`..` or encoded-slash segments, and symlinks that lead out of the copy.
 */
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, sep } from 'node:path';
import type { StaticCompressor } from '../proxy/compressed-static.js';
import { chooseEncoding, isCompressible } from '../proxy/static-assets.js';
import { contentTypeOf } from './content-types.js';
import { isStaticKey, type StaticCopies } from './static-copies.js';

export const SHARED_STATIC_CACHE_CONTROL = 'public, max-age=31536000, immutable';

export interface SharedStaticServer {
  readonly copies: StaticCopies;
  readonly compressor: StaticCompressor;
  /** The hub's own response headers (security headers), added to every answer. */
  readonly headers: Readonly<Record<string, string>>;
}

/** Whether the request is for the shared static path (then it is answered here). */
export function serveSharedStatic(
  server: SharedStaticServer,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  const url = req.url ?? '';
  const { urlBase } = server.copies;
  if (!url.startsWith(urlBase)) return false;
  const queryAt = url.indexOf('?');
  const path = url.slice(urlBase.length, queryAt === -1 ? undefined : queryAt);
  const version = queryAt === -1 ? null : new URLSearchParams(url.slice(queryAt + 1)).get('v');
  const reply = (status: number, headers: Record<string, string>, body?: Buffer) => {
    if (res.headersSent) return;
    res.writeHead(status, { ...server.headers, 'X-Content-Type-Options': 'nosniff', ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const notFound = () =>
    reply(404, { 'Content-Type': 'text/plain; charset=utf-8' }, Buffer.from('Not found\n'));
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    reply(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    return true;
  }
  const segments = splitPath(path);
  const dir =
    segments && isStaticKey(segments[0]!) ? server.copies.dirFor(segments[0]!) : undefined;
  if (!segments || segments.length < 2 || dir === undefined) {
    notFound();
    return true;
  }
  void answerFile(server, req, res, dir, segments.slice(1), version, reply).then(
    (found) => {
      if (!found) notFound();
    },
    () => {
      if (!res.headersSent) notFound();
      else res.destroy();
    },
  );
  return true;
}

type Reply = (status: number, headers: Record<string, string>, body?: Buffer) => void;

async function answerFile(
  server: SharedStaticServer,
  req: IncomingMessage,
  res: ServerResponse,
  dir: string,
  segments: string[],
  version: string | null,
  reply: Reply,
): Promise<boolean> {
  const root = await realpath(dir);
  const real = await realpath(join(root, ...segments)).catch(() => null);
  if (real === null || !real.startsWith(root + sep)) return false;
  const info = await stat(real);
  if (!info.isFile()) return false;
  const type = contentTypeOf(real);
  const compressible = isCompressible(type);
  const headers: Record<string, string> = {
    'Content-Type': type,
    'Cache-Control': version ? SHARED_STATIC_CACHE_CONTROL : 'no-cache',
    'Last-Modified': info.mtime.toUTCString(),
  };
  if (compressible) headers.Vary = 'Accept-Encoding';
  // Unversioned files (MathJax's own loads) are revalidated: answer 304 when unchanged.
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  if (!Number.isNaN(since) && Math.floor(info.mtimeMs / 1000) * 1000 <= since) {
    reply(304, {
      'Cache-Control': headers['Cache-Control']!,
      'Last-Modified': headers['Last-Modified']!,
    });
    return true;
  }
  const encoding = compressible ? chooseEncoding(req.headers['accept-encoding']) : null;
  const { compressor } = server;
  if (encoding !== null && compressor.reserve(info.size)) {
    try {
      const body = await compressor.compress(await readFile(real), encoding);
      reply(
        200,
        { ...headers, 'Content-Encoding': encoding, 'Content-Length': `${body.length}` },
        body,
      );
    } finally {
      compressor.release(info.size);
    }
    return true;
  }
  if (req.method === 'HEAD' || info.size <= compressor.maxBodyBytes) {
    const body = req.method === 'HEAD' ? undefined : await readFile(real);
    reply(200, { ...headers, 'Content-Length': `${info.size}` }, body);
    return true;
  }
  streamFile(res, real, info.size, headers);
  return true;
}

/** A file above the compressor's bound, streamed (Notebook 6's static folder has none today). */
function streamFile(
  res: ServerResponse,
  path: string,
  size: number,
  headers: Record<string, string>,
): void {
  res.writeHead(200, { ...headers, 'Content-Length': `${size}` });
  createReadStream(path, { end: size - 1 })
    .on('error', () => res.destroy())
    .pipe(res);
}

/** The decoded segments, or null when any is empty, `.`, `..`, or hides a separator or NUL. */
export function splitPath(path: string): string[] | null {
  const segments: string[] = [];
  for (const raw of path.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === '' || segment === '.' || segment === '..') return null;
    if (/[/\\\0]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments;
}
