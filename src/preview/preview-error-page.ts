/**
 * The page a preview frame shows when the notebook cannot be previewed: the error's
 * visitor-safe message (in the page's language) and status, never its cause.
 */
import { errorMessageIn } from '../errors/error-messages-de.js';
import type { HubError } from '../errors/hub-error.js';
import { escapeHtml } from './escape-html.js';
import { previewDocument } from './preview-document.js';
import { previewTextFor, type PreviewText } from './preview-text.js';

/** A complete HTML page for `error`, styled by the preview stylesheet when given. */
export function previewErrorPage(
  error: HubError,
  stylesheetHref?: string,
  text: PreviewText = previewTextFor('en'),
): string {
  const message = errorMessageIn(text.lang, error.code, error.message);
  const body =
    `<div class="nb-error-page"><h1>${escapeHtml(text.unavailable)}</h1>` +
    `<p>${escapeHtml(message)}</p><p class="nb-prompt">${error.status} ${escapeHtml(error.code)}</p></div>`;
  return previewDocument(body, {
    title: text.unavailable,
    lang: text.lang,
    ...(stylesheetHref !== undefined ? { stylesheetHref } : {}),
  });
}
