/**
 * The complete HTML page shown in the preview frame. It carries no inline style or script:
 * its one stylesheet comes from `stylesheetHref`, which the CSP's `style-src 'self'` allows.
 */
import { escapeHtml } from './escape-html.js';

/** Options of {@link previewDocument}. */
export interface PreviewDocumentOptions {
  /** Shown in the page title and above the notebook; escaped. */
  readonly title: string;
  /** Same-origin URL of the preview stylesheet (relative or absolute path); omitted = unstyled. */
  readonly stylesheetHref?: string;
  /** `<html lang>`; `en` when omitted. */
  readonly lang?: string;
}

/** Wraps a rendered (already safe) fragment in a full HTML page. */
export function previewDocument(html: string, options: PreviewDocumentOptions): string {
  const title = escapeHtml(options.title);
  const stylesheet =
    options.stylesheetHref !== undefined
      ? `<link rel="stylesheet" href="${escapeHtml(options.stylesheetHref)}">\n`
      : '';
  return (
    `<!DOCTYPE html>\n<html lang="${escapeHtml(options.lang ?? 'en')}">\n<head>\n<meta charset="utf-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<meta name="referrer" content="no-referrer">\n<title>${title}</title>\n${stylesheet}</head>\n` +
    `<body>\n<main class="nb-preview">\n<p class="nb-preview-title">${title}</p>\n${html}\n</main>\n</body>\n</html>\n`
  );
}
