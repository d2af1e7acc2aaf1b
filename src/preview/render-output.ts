/**
 * One code-cell output (nbformat 4 `outputs[]` entry) to HTML: display data through the
 * MIME-bundle chooser, streams and tracebacks as escaped terminal text.
 */
import { ansiToHtml } from './ansi-to-html.js';
import { escapeHtml } from './escape-html.js';
import { executionCountLabel, isRecord, multilineText } from './notebook-fields.js';
import type { PreviewRender } from './preview-limits.js';
import { truncationNote } from './preview-notes.js';
import { renderMimeBundle } from './render-mime-bundle.js';
import { truncateUtf8 } from './truncate-utf8.js';

/** HTML for one output; `''` for anything that is not a known output object. */
export function renderOutput(output: unknown, limits: PreviewRender): string {
  if (!isRecord(output)) return '';
  switch (output.output_type) {
    case 'execute_result':
      return wrap(
        'nb-result',
        `Out[${executionCountLabel(output.execution_count)}]:`,
        renderMimeBundle(isRecord(output.data) ? output.data : {}, output.metadata, limits),
      );
    case 'display_data':
      return wrap(
        'nb-display',
        '',
        renderMimeBundle(isRecord(output.data) ? output.data : {}, output.metadata, limits),
      );
    case 'stream': {
      const stream = output.name === 'stderr' ? 'nb-stderr' : 'nb-stdout';
      return wrap(stream, '', terminalText(multilineText(output.text) ?? '', limits, 'nb-stream'));
    }
    case 'error':
      return wrap('nb-error', '', terminalText(tracebackText(output), limits, 'nb-traceback'));
    default:
      return '';
  }
}

function tracebackText(output: Record<string, unknown>): string {
  const lines = Array.isArray(output.traceback)
    ? output.traceback.filter((l) => typeof l === 'string')
    : [];
  if (lines.length > 0) return lines.join('\n');
  const name = typeof output.ename === 'string' ? output.ename : 'Error';
  return typeof output.evalue === 'string' && output.evalue ? `${name}: ${output.evalue}` : name;
}

function terminalText(text: string, limits: PreviewRender, className: string): string {
  const piece = truncateUtf8(text, limits.maxOutputBytes);
  return `<pre class="${className}">${ansiToHtml(piece.text)}</pre>${truncationNote(piece, limits.text)}`;
}

function wrap(kind: string, prompt: string, body: string): string {
  return (
    `<div class="nb-output ${kind}"><div class="nb-prompt">${escapeHtml(prompt)}</div>` +
    `<div class="nb-output-body">${body}</div></div>`
  );
}
