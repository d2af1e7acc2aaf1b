/**
 * One error handler per transport. HTTP: JSON for API clients, a small HTML page for
 * browsers (by Accept), never a stack or a cause; 429/503 carry Retry-After. The proxy's
 * raw WebSocket upgrades answer with a bare status line (see src/proxy/).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorMessageIn } from '../errors/error-messages-de.js';
import { HubError, toHubError } from '../errors/hub-error.js';
import type { Logger } from '../log.js';
import { escapeHtml } from './html.js';
import { pageLanguage } from './pages/page-language.js';

export function installErrorHandlers(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const hubError = fromFastify(error);
    if (hubError.status >= 500)
      log.error('request failed', { url: request.url.slice(0, 200), error });
    sendError(request, reply, hubError);
  });
  app.setNotFoundHandler((request, reply) => sendError(request, reply, new HubError('not_found')));
}

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: HubError,
): FastifyReply {
  if (error.retryAfterSeconds !== undefined)
    reply.header('Retry-After', String(error.retryAfterSeconds));
  reply.code(error.status).header('Cache-Control', 'no-store');
  if (wantsHtml(request)) {
    return reply
      .type('text/html; charset=utf-8')
      .header('Vary', 'Accept-Language')
      .send(errorPage(error, pageLanguage(request)));
  }
  return reply.type('application/json; charset=utf-8').send(error.toJSON());
}

function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return !request.url.includes('/api/') && accept.includes('text/html');
}

/** A bare page in the request's language (`lang`, then Accept-Language). */
function errorPage(error: HubError, lang: string): string {
  const message = errorMessageIn(lang, error.code, error.message);
  const codeLabel = lang === 'de' ? 'Fehlercode' : 'Error code';
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${error.status}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>${escapeHtml(message)}</h1><p>${codeLabel}: ${escapeHtml(error.code)}</p></main></body></html>`;
}

function fromFastify(error: FastifyError): HubError {
  if (error instanceof HubError) return error;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HubError('payload_too_large', { cause: error });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new HubError('bad_request', { cause: error });
  }
  if (error.statusCode === 400 || error.validation) {
    return new HubError('bad_request', {
      message: 'The request body is not valid JSON of the expected shape.',
      cause: error,
    });
  }
  return toHubError(error);
}
