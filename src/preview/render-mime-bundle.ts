/**
 * One display output (`execute_result` / `display_data`): the richest representation the
 * preview can show safely. Script and widget types are never rendered and leave a note;
 * a representation that cannot be used (bad base64, too large) falls through to the next.
 */
import { ansiToHtml } from './ansi-to-html.js';
import { escapeHtml } from './escape-html.js';
import {
  dataUriPayloadBytes,
  isRasterImageMime,
  rasterImageDataUri,
  type RasterImageMime,
} from './image-data-uri.js';
import { isRecord, multilineText } from './notebook-fields.js';
import { javascriptNote, previewNote, truncationNote } from './preview-notes.js';
import type { PreviewRender } from './preview-limits.js';
import { renderMarkdown } from './render-markdown.js';
import { sanitizeNotebookHtml } from './sanitize-notebook-html.js';
import { formatBytes, truncateUtf8 } from './truncate-utf8.js';

type MimeRenderer = (data: string, limits: PreviewRender, metadata: unknown) => string | undefined;

const richestFirst: ReadonlyArray<[string, MimeRenderer]> = [
  ['text/html', (d, l) => htmlOutput(d, l)],
  [
    'text/markdown',
    (d, l) => cut(d, l, (text) => `<div class="nb-markdown">${renderMarkdown(text)}</div>`),
  ],
  ['image/svg+xml', (d, l) => svgOutput(d, l)],
  ...(['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const).map(
    (mime): [string, MimeRenderer] => [mime, (d, l, m) => rasterOutput(mime, d, l, m)],
  ),
  ['text/latex', (d, l) => cut(d, l, (text) => `<pre class="nb-latex">${escapeHtml(text)}</pre>`)],
  ['text/plain', (d, l) => cut(d, l, (text) => `<pre class="nb-text">${ansiToHtml(text)}</pre>`)],
];

/** True for MIME types whose only meaning is code to run in the page. */
export function isScriptMime(mime: string): boolean {
  return /(java|ecma|j)script|^application\/vnd\.jupyter\.widget/i.test(mime);
}

/** HTML for an nbformat MIME bundle (`data`), with its `metadata` for image sizes. */
export function renderMimeBundle(
  data: Record<string, unknown>,
  metadata: unknown,
  limits: PreviewRender,
): string {
  const droppedScript = Object.keys(data).some(isScriptMime);
  let problem: string | undefined;
  for (const [mime, render] of richestFirst) {
    const text = multilineText(data[mime]);
    if (text === undefined) continue;
    const html = render(text, limits, isRecord(metadata) ? metadata[mime] : undefined);
    if (html !== undefined) {
      const js = javascriptNote(limits.text);
      const note = droppedScript && !html.includes(js) ? js : '';
      return html + (problem ? previewNote(problem) : '') + note;
    }
    problem ??= mime.startsWith('image/') ? imageProblem(mime, text, limits) : undefined;
  }
  if (droppedScript) return javascriptNote(limits.text);
  if (problem) return previewNote(problem);
  const types = Object.keys(data).slice(0, 3).join(', ').slice(0, 200);
  return previewNote(types ? limits.text.notShown(types) : limits.text.emptyOutput);
}

function cut(data: string, limits: PreviewRender, render: (text: string) => string): string {
  const piece = truncateUtf8(data, limits.maxOutputBytes);
  return render(piece.text) + truncationNote(piece, limits.text);
}

function htmlOutput(data: string, limits: PreviewRender): string {
  const piece = truncateUtf8(data, limits.maxOutputBytes);
  const scripted = /<script[\s>/]/i.test(piece.text) ? javascriptNote(limits.text) : '';
  return `<div class="nb-html">${sanitizeNotebookHtml(piece.text)}</div>${scripted}${truncationNote(piece, limits.text)}`;
}

function svgOutput(data: string, limits: PreviewRender): string | undefined {
  const bytes = Buffer.from(data, 'utf8');
  if (bytes.length > limits.maxImageBytes || !/<svg[\s>]/i.test(data)) return undefined;
  // Only ever as an <img>: an SVG document in an image context runs no script and loads nothing.
  return `<img class="nb-image" alt="SVG output" src="data:image/svg+xml;base64,${bytes.toString('base64')}">`;
}

function rasterOutput(
  mime: RasterImageMime,
  data: string,
  limits: PreviewRender,
  metadata: unknown,
): string | undefined {
  const uri = rasterImageDataUri(mime, data);
  if (!uri || dataUriPayloadBytes(uri) > limits.maxImageBytes) return undefined;
  return `<img class="nb-image" alt="${mime.slice(6).toUpperCase()} output"${sizeAttributes(metadata)} src="${uri}">`;
}

function sizeAttributes(metadata: unknown): string {
  if (!isRecord(metadata)) return '';
  return (['width', 'height'] as const)
    .map((side) => {
      const value = metadata[side];
      const usable =
        typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 100_000;
      return usable ? ` ${side}="${value}"` : '';
    })
    .join('');
}

function imageProblem(mime: string, data: string, limits: PreviewRender): string {
  const bytes =
    mime === 'image/svg+xml' ? Buffer.byteLength(data) : Math.floor((data.length * 3) / 4);
  if (bytes > limits.maxImageBytes) {
    return limits.text.imageTooLarge(formatBytes(bytes), formatBytes(limits.maxImageBytes));
  }
  return isRasterImageMime(mime) || mime === 'image/svg+xml'
    ? limits.text.imageInvalid(mime)
    : limits.text.notShown(mime);
}
