/**
 * Reads a response body into memory with a byte cap that holds for what is kept, not
 * what travels: `Content-Encoding` is decoded (we ask for identity, but a server may
 * ignore that) and the decoded bytes are counted, so a gzip bomb stops at the cap.
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { fetchFailure } from './fetch-failure.js';
import { formatBytes } from './format-bytes.js';

/**
 * Resolves with the decoded body; rejects with a `too_large`/`encoding` failure or the
 * stream's error. `onBytes` is told the decoded bytes kept so far after each chunk.
 */
export function readCappedBody(
  res: IncomingMessage,
  maxBytes: number,
  trustedSite: boolean,
  onBytes?: (received: number) => void,
): Promise<Buffer> {
  const tooLarge = () =>
    fetchFailure('too_large', `The file is larger than the limit of ${formatBytes(maxBytes)}.`, {
      trustedSite,
    });
  const declared = Number(res.headers['content-length']);
  const encoding = (res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' && Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    return Promise.reject(tooLarge());
  }
  let decoded: Readable;
  try {
    decoded = decoderFor(res, encoding);
  } catch (e) {
    res.destroy();
    return Promise.reject(e);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      decoded.destroy();
      res.destroy();
      reject(error);
    };
    // The raw stream is capped too: a decoder fed garbage should not read forever.
    let rawBytes = 0;
    res.on('data', (chunk: Buffer) => {
      rawBytes += chunk.length;
      if (rawBytes > maxBytes) fail(tooLarge());
    });
    decoded.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) return fail(tooLarge());
      chunks.push(chunk);
      onBytes?.(received);
    });
    decoded.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks, received));
    });
    decoded.on('error', (e) =>
      fail(
        decoded === res
          ? e
          : fetchFailure('encoding', 'The server sent a corrupt compressed file.', {
              trustedSite,
              cause: e,
            }),
      ),
    );
    res.on('error', fail);
    res.on('close', () => {
      if (!res.complete)
        fail(Object.assign(new Error('response ended early'), { code: 'ECONNRESET' }));
    });
  });
}

function decoderFor(res: IncomingMessage, encoding: string): Readable {
  switch (encoding) {
    case 'identity':
      return res;
    case 'gzip':
    case 'x-gzip':
      return res.pipe(createGunzip());
    case 'deflate':
      return res.pipe(createInflate());
    case 'br':
      return res.pipe(createBrotliDecompress());
    default:
      throw fetchFailure(
        'encoding',
        `The server sent the file in an encoding that is not supported (${encoding.slice(0, 40)}).`,
      );
  }
}
