/**
 * The visible notes a preview shows where it leaves something out, so a reader never
 * mistakes an omission for an empty output.
 */
import { escapeHtml } from './escape-html.js';
import { formatBytes, type TruncatedText } from './truncate-utf8.js';

/** A note paragraph with fixed markup; `text` is escaped. */
export function previewNote(text: string): string {
  return `<p class="nb-note">${escapeHtml(text)}</p>`;
}

/** The note under a cut text, or `''` when nothing was cut. */
export function truncationNote(cut: TruncatedText, what = 'Output'): string {
  if (!cut.truncated) return '';
  return previewNote(
    `${what} truncated in preview: showing the first ${formatBytes(Buffer.byteLength(cut.text))} of ${formatBytes(cut.totalBytes)}.`,
  );
}

/** Said wherever script output was dropped. */
export const javascriptNote = previewNote('JavaScript output not shown in preview.');
