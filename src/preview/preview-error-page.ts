/**
 * The page a preview frame shows when the notebook cannot be previewed: the error's
 * visitor-safe message and status, never its cause.
 */
import type { HubError } from '../errors/hub-error.js';
import { escapeHtml } from './escape-html.js';
import { previewDocument } from './preview-document.js';

/** A complete HTML page for `error`, styled by the preview stylesheet when given. */
export function previewErrorPage(error: HubError, stylesheetHref?: string): string {
  const body =
    `<div class="nb-error-page"><h1>Preview not available</h1>` +
    `<p>${escapeHtml(error.message)}</p><p class="nb-prompt">${error.status} ${escapeHtml(error.code)}</p></div>`;
  return previewDocument(body, {
    title: 'Preview not available',
    ...(stylesheetHref !== undefined ? { stylesheetHref } : {}),
  });
}
