import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorMessageIn } from '../errors/error-messages-de.js';
import type { HubError } from '../errors/hub-error.js';
import { pageLanguage } from '../http/pages/page-language.js';

/**
 * Answers a proxied HTTP request with a hub error: a small HTML page for browsers
 * (`Accept` names `text/html`; in the request's language: `lang`, then Accept-Language),
 * the error's JSON otherwise. `extraHeaders` are the hub's
 * response headers (e.g. CSP `frame-ancestors`), since error pages are framed too.
 * A response already under way can only be cut off.
 */
export function replyWithError(
  req: IncomingMessage,
  res: ServerResponse,
  error: HubError,
  extraHeaders: readonly string[],
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const html = req.headers.accept?.includes('text/html') === true;
  const body = html ? errorPage(error, requestLanguage(req)) : JSON.stringify(error.toJSON());
  const headers = [
    'Content-Type',
    html ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
    'Content-Length',
    String(Buffer.byteLength(body)),
    'Cache-Control',
    'no-store',
    ...extraHeaders,
  ];
  if (!hasHeader(extraHeaders, 'x-content-type-options')) {
    headers.push('X-Content-Type-Options', 'nosniff');
  }
  if (error.retryAfterSeconds !== undefined) {
    headers.push('Retry-After', String(error.retryAfterSeconds));
  }
  res.writeHead(error.status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function hasHeader(flat: readonly string[], lowerName: string): boolean {
  for (let i = 0; i < flat.length; i += 2) if (flat[i]!.toLowerCase() === lowerName) return true;
  return false;
}

// Catalogue messages are fixed ASCII sentences, but escape anyway: the page is HTML.
function errorPage(error: HubError, lang: string): string {
  const message = escapeHtml(errorMessageIn(lang, error.code, error.message));
  return (
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">` +
    `<title>${error.status}</title></head><body><h1>${error.status}</h1>` +
    `<p>${message}</p></body></html>\n`
  );
}

function requestLanguage(req: IncomingMessage): string {
  let lang: string | null = null;
  try {
    lang = new URL(req.url ?? '/', 'http://hub.invalid').searchParams.get('lang');
  } catch {
    // An unparsable target has no lang; Accept-Language still counts.
  }
  return pageLanguage({ query: lang === null ? {} : { lang }, headers: req.headers });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Refuses a WebSocket upgrade with a raw status line and closes the socket, as `ws`
 * does: end, then destroy once the line is flushed.
 */
export function rejectUpgrade(socket: Duplex, status: keyof typeof REASONS): void {
  if (socket.destroyed) return;
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
  );
}

/**
 * Ends a socket gracefully (FIN, so the peer sees a clean close) and makes sure it is
 * destroyed even if the peer never reads or never answers.
 */
export function closeSoon(socket: Duplex, graceMs = 5_000): void {
  if (socket.destroyed) return;
  const timer = setTimeout(() => socket.destroy(), graceMs);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  if (socket.writableFinished) socket.destroy();
  else socket.once('finish', () => socket.destroy()).end();
}
