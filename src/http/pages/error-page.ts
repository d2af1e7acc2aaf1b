/**
 * The launcher's own error page for a notebook that cannot be run (missing, invalid, too
 * large): what happened, what to do, with the error's status. The catalogue's
 * visitor-safe message (in the page language) says what happened; the page text adds
 * what to do.
 */
import type { FastifyReply } from 'fastify';
import { errorMessageIn } from '../../errors/error-messages-de.js';
import type { HubError } from '../../errors/hub-error.js';
import type { HubContext } from '../hub-context.js';
import { escapeHtml } from '../html.js';
import { sendPage } from './layout.js';
import { pageLanguage, textFor } from './page-language.js';

export function sendRunErrorPage(
  ctx: HubContext,
  reply: FastifyReply,
  error: HubError,
): FastifyReply {
  const pageText = textFor(reply.request);
  const known = pageText.errors as Record<string, { title: string; todo: string } | undefined>;
  const text = known[error.code] ?? pageText.errors.other;
  const base = ctx.config.basePath;
  if (error.retryAfterSeconds !== undefined)
    reply.header('Retry-After', String(error.retryAfterSeconds));
  return sendPage(ctx, reply, {
    title: text.title,
    status: error.status,
    bodyClass: 'plain-page',
    body: `<main class="page"><section class="message" aria-labelledby="problem-heading">
<h1 id="problem-heading">${escapeHtml(text.title)}</h1>
<p>${escapeHtml(errorMessageIn(pageLanguage(reply.request), error.code, error.message))}</p>
<p>${escapeHtml(text.todo)}</p>
<p class="actions"><a class="button" href="${escapeHtml(base)}">${escapeHtml(pageText.run.allNotebooks)}</a></p>
<p class="error-code">${error.status} · ${escapeHtml(error.code)}</p>
</section></main>`,
  });
}
