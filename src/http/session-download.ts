/**
 * `GET /api/sessions/:id/download?file=<name>`: the notebook as the session's server
 * holds it right now, as an attachment — the visitor's "Download my copy". Only the
 * owner (anyone else gets the same 404 as for a missing session); the hub reads the file
 * through the server's own contents API with the session token, which never reaches the
 * browser. Works for as long as the server runs, to the last second of the session.
 * Streamed from the server to the visitor, never held whole: a notebook above
 * `downloadMaxBytes` gets a 413 `download_too_large` naming both sizes.
 */
import { pipeline, Readable, Transform } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { HubError } from '../errors/hub-error.js';
import { openNotebookStream, tooLarge } from '../jupyter/open-notebook-stream.js';
import type { HubContext } from './hub-context.js';
import { ownSession } from './public-api.js';

/** Time for the session's server to start answering; the transfer itself has no total limit. */
const headersTimeoutMs = 20_000;

export function registerSessionDownload(app: FastifyInstance, ctx: HubContext): void {
  app.get('/api/sessions/:id/download', async (request, reply) => {
    const session = ownSession(ctx, request);
    const record = ctx.manager.live.get(session.id)?.record;
    if (!record || record.state !== 'ready' || !record.target) {
      throw new HubError('server_unavailable', {
        message: 'This session is not running, so there is nothing to download.',
      });
    }
    const { file: asked } = request.query as { file?: unknown };
    const file = typeof asked === 'string' ? asked : record.notebooks.at(-1)?.file;
    if (!file || !isNotebookPath(file))
      throw new HubError('bad_request', { message: 'Name a notebook (.ipynb) of the session.' });
    const maxBytes = ctx.config.downloadMaxBytes;
    const server = {
      target: record.target,
      baseUrl: ctx.manager.baseUrl(record.id),
      token: record.token,
    };
    const { size, body } = await openNotebookStream(server, file, maxBytes, headersTimeoutMs);
    if (size !== null) reply.header('Content-Length', String(size));
    return reply
      .type('application/x-ipynb+json')
      .header('Content-Disposition', attachment(file.split('/').at(-1)!))
      .header('Cache-Control', 'no-store')
      .send(
        // pipeline: a visitor who goes away also ends the read from the server, and a
        // failing read cuts the transfer.
        pipeline(Readable.fromWeb(body as never), byteCap(maxBytes), () => {}),
      );
  });
}

/** Passes bytes through; fails the stream (the transfer is cut) past `maxBytes`, if the file grew. */
function byteCap(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > maxBytes ? tooLarge(null, maxBytes) : null, chunk);
    },
  });
}

/** A relative `.ipynb` path inside the server: no empty, `.` or `..` segment, no control characters. */
export function isNotebookPath(path: string): boolean {
  if (path.length > 300 || !path.endsWith('.ipynb')) return false;
  return path
    .split('/')
    .every((s) => s !== '' && s !== '.' && s !== '..' && !hasControlOrBackslash(s));
}

function hasControlOrBackslash(segment: string): boolean {
  return [...segment].some((c) => c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}

/** `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266 / 5987). */
export function attachment(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\;%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
