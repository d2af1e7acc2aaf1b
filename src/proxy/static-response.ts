/**
 * Answers a versioned static file (static-assets.ts) from its upstream response: the
 * hub's cache headers always; compressed when the type is text-like, upstream did not
 * encode it, the client accepts br or gzip and the body fits the compressor's bounds;
 * otherwise streamed as it comes. The body is only ever this session's server's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StaticCompressor } from './compressed-static.js';
import { chooseEncoding, isCompressible, versionedStaticHeaders } from './static-assets.js';

export interface StaticAnswerHooks {
  /** The client went away meanwhile: drop the answer. */
  clientGone(): boolean;
  /** The whole answer was sent. */
  done(): void;
  /** Upstream failed mid-body: cut the client off. */
  fail(error: unknown): void;
}

export function answerVersionedStatic(
  compressor: StaticCompressor,
  req: IncomingMessage,
  res: ServerResponse,
  upstreamRes: IncomingMessage,
  flat: readonly string[],
  hooks: StaticAnswerHooks,
): void {
  const status = upstreamRes.statusCode ?? 200;
  const upstreamEncoding = upstreamRes.headers['content-encoding']?.trim().toLowerCase();
  const plain = !upstreamEncoding || upstreamEncoding === 'identity';
  const varies = plain && isCompressible(upstreamRes.headers['content-type']);
  const encoding = varies ? chooseEncoding(req.headers['accept-encoding']) : null;
  const declared = Number(upstreamRes.headers['content-length'] ?? NaN);
  const reserved = Number.isFinite(declared) ? declared : compressor.maxBodyBytes;
  const writeHead = (headers: string[]): boolean => {
    try {
      res.writeHead(status, upstreamRes.statusMessage, headers);
      return true;
    } catch (error) {
      // Upstream sent a header Node will not repeat (e.g. a stray control character).
      upstreamRes.destroy();
      hooks.fail(error);
      return false;
    }
  };
  if (encoding === null || !compressor.reserve(reserved)) {
    if (writeHead(versionedStaticHeaders(flat, plainBody(varies)))) stream(upstreamRes, res, hooks);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let released = false;
  const release = () => {
    if (!released) compressor.release(reserved);
    released = true;
  };
  const onData = (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    if (size <= reserved) return;
    // Longer than declared (or than the cap): send what came so far and stream the rest.
    upstreamRes.off('data', onData);
    upstreamRes.off('end', onEnd);
    release();
    if (!writeHead(versionedStaticHeaders(flat, plainBody(varies)))) return;
    res.write(Buffer.concat(chunks));
    stream(upstreamRes, res, hooks);
  };
  const onEnd = () => {
    const body = Buffer.concat(chunks);
    compressor.compress(body, encoding).then(
      (out) => {
        release();
        if (hooks.clientGone()) return;
        if (!writeHead(versionedStaticHeaders(flat, { encoding, length: out.length, varies })))
          return;
        hooks.done();
        res.end(out);
      },
      (error: unknown) => {
        release();
        hooks.fail(error);
      },
    );
  };
  upstreamRes.on('data', onData);
  upstreamRes.on('end', onEnd);
  upstreamRes.on('error', (error) => {
    release();
    hooks.fail(error);
  });
}

function plainBody(varies: boolean) {
  return { encoding: null, length: null, varies };
}

function stream(upstreamRes: IncomingMessage, res: ServerResponse, hooks: StaticAnswerHooks) {
  upstreamRes.on('end', () => {
    hooks.done();
    res.end();
  });
  upstreamRes.on('error', hooks.fail);
  upstreamRes.pipe(res, { end: false });
}
