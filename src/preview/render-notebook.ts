/**
 * A validated notebook to a static, sanitized HTML fragment: highlighted code cells with
 * their execution counts and outputs, rendered markdown cells, raw cells as text.
 */
import { systemClock } from '../clock.js';
import type { NotebookDocument } from '../sources/validate.js';
import { escapeHtml } from './escape-html.js';
import { highlightCode, languageClass, notebookLanguage } from './highlight-code.js';
import { executionCountLabel, multilineText } from './notebook-fields.js';
import { previewLimits, type PreviewRender, type PreviewRenderOptions } from './preview-limits.js';
import { previewNote, truncationNote } from './preview-notes.js';
import { previewTextFor } from './preview-text.js';
import { renderMarkdown } from './render-markdown.js';
import { renderOutput } from './render-output.js';
import { truncateUtf8 } from './truncate-utf8.js';

/**
 * Renders `doc` as an HTML fragment (a `<div class="nb-notebook">`). Everything taken from
 * the notebook is escaped, highlighted by highlight.js or sanitized by allow-list; script
 * outputs are dropped with a note; oversized outputs are cut with a note.
 */
export function renderNotebook(doc: NotebookDocument, opts: PreviewRenderOptions = {}): string {
  const limits: PreviewRender = { ...previewLimits(opts), text: previewTextFor(opts.lang) };
  const clock = opts.clock ?? systemClock;
  const startedMs = clock.nowMs();
  const language = notebookLanguage(doc.metadata);
  const parts: string[] = [];
  for (const [index, cell] of doc.cells.entries()) {
    parts.push(renderCell(cell, language, limits));
    const remaining = doc.cells.length - index - 1;
    // Cells are the unit of work: one hostile cell costs at most one cell's time.
    if (remaining > 0 && clock.nowMs() - startedMs >= limits.maxRenderMs) {
      parts.push(previewNote(limits.text.stopped(index + 1, doc.cells.length)));
      break;
    }
  }
  return `<div class="nb-notebook">\n${parts.join('\n')}\n</div>`;
}

function renderCell(
  cell: Record<string, unknown>,
  language: string,
  limits: PreviewRender,
): string {
  const source = truncateUtf8(multilineText(cell.source) ?? '', limits.maxSourceBytes);
  const cut = truncationNote(source, limits.text, 'cell');
  switch (cell.cell_type) {
    case 'markdown':
      return `<div class="nb-cell nb-markdown-cell"><div class="nb-markdown">${renderMarkdown(source.text, cell.attachments)}</div>${cut}</div>`;
    case 'code': {
      const prompt = `In [${executionCountLabel(cell.execution_count)}]:`;
      const outputs = Array.isArray(cell.outputs)
        ? cell.outputs.map((o) => renderOutput(o, limits)).join('')
        : '';
      const codeClass = ['hljs', languageClass(language)].filter(Boolean).join(' ');
      return (
        `<div class="nb-cell nb-code-cell"><div class="nb-input"><div class="nb-prompt">${escapeHtml(prompt)}</div>` +
        `<pre class="nb-source"><code class="${codeClass}">${highlightCode(source.text, language)}</code></pre></div>${cut}` +
        (outputs ? `<div class="nb-outputs">${outputs}</div>` : '') +
        `</div>`
      );
    }
    case 'raw':
      return `<div class="nb-cell nb-raw-cell"><pre class="nb-raw">${escapeHtml(source.text)}</pre>${cut}</div>`;
    default:
      return '';
  }
}
