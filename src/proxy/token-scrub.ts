/**
 * Jupyter servers write their token into the HTML pages they render for a
 * token-authenticated request (Notebook 6: `data-jupyter-api-token="…"` and a
 * `tree?token=…` link; JupyterLab: its page config). The hub authenticates every request
 * with that token, so without this every page would hand it to the browser. HTML
 * responses are therefore decoded and buffered (up to `limitBytes`), every occurrence of
 * the token removed, and sent uncompressed. Browser code does not need the token: the
 * proxy adds it to every request.
 */
import type { IncomingMessage } from 'node:http';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';

export const SCRUB_LIMIT_BYTES = 8 * 1024 * 1024;

const decoders: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** Whether this upstream response is an HTML page the proxy can decode and scrub. */
export function isScrubbableHtml(res: IncomingMessage): boolean {
  const type = res.headers['content-type'];
  if (typeof type !== 'string' || !type.toLowerCase().startsWith('text/html')) return false;
  const encoding = res.headers['content-encoding']?.trim().toLowerCase();
  return !encoding || encoding === 'identity' || encoding in decoders;
}

/** Removes the token (and its URL-encoded spelling) from a page. */
export function scrubToken(body: Buffer, token: string): Buffer {
  let text = body.toString('latin1');
  const forms = new Set([token, encodeURIComponent(token)]);
  let changed = false;
  for (const form of forms) {
    if (form.length < 8 || !text.includes(form)) continue;
    text = text.split(form).join('');
    changed = true;
  }
  return changed ? Buffer.from(text, 'latin1') : body;
}

/**
 * The decoded body: `onDone(head, rest)` gets up to `limitBytes` of it (which the caller
 * scrubs) and, when the page is larger, the stream of what follows (sent as it is).
 */
export function collectDecoded(
  res: IncomingMessage,
  limitBytes: number,
  onDone: (head: Buffer, rest: Readable | null) => void,
  onError: (error: unknown) => void,
): void {
  const encoding = res.headers['content-encoding']?.trim().toLowerCase();
  const decoder = encoding && decoders[encoding] ? decoders[encoding]!() : null;
  const body: Readable = decoder ? (res.pipe(decoder) as unknown as Readable) : res;
  if (decoder) res.on('error', (e) => (decoder as unknown as Readable).destroy(e));
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (rest: Readable | null) => {
    if (finished) return;
    finished = true;
    body.off('data', onData);
    onDone(Buffer.concat(chunks), rest);
  };
  const onData = (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limitBytes) {
      body.pause();
      finish(body);
    }
  };
  body.on('data', onData);
  body.once('end', () => finish(null));
  body.once('error', (e) => {
    if (!finished) {
      finished = true;
      onError(e);
    }
  });
}
