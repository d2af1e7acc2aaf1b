/**
 * The visible notes a preview shows where it leaves something out, so a reader never
 * mistakes an omission for an empty output.
 */
import { escapeHtml } from './escape-html.js';
import type { PreviewText } from './preview-text.js';
import { formatBytes, type TruncatedText } from './truncate-utf8.js';

/** A note paragraph with fixed markup; `text` is escaped. */
export function previewNote(text: string): string {
  return `<p class="nb-note">${escapeHtml(text)}</p>`;
}

/** The note under a cut text, or `''` when nothing was cut. */
export function truncationNote(
  cut: TruncatedText,
  text: PreviewText,
  what: 'output' | 'cell' = 'output',
): string {
  if (!cut.truncated) return '';
  const shown = formatBytes(Buffer.byteLength(cut.text));
  return previewNote(text.truncated(what, shown, formatBytes(cut.totalBytes)));
}

/** Said wherever script output was dropped. */
export function javascriptNote(text: PreviewText): string {
  return previewNote(text.javascript);
}
