/**
 * Markdown (cells and `text/markdown` outputs) to sanitized HTML: GitHub-flavoured
 * markdown by marked, TeX kept verbatim, fenced code highlighted, `attachment:` images
 * resolved from the cell's attachments; the result always goes through the sanitizer.
 */
import { Marked, type Token } from 'marked';
import { highlightCode, languageClass } from './highlight-code.js';
import { isRasterImageMime, rasterImageDataUri } from './image-data-uri.js';
import { markdownMath, protectDisplayMath } from './markdown-math.js';
import { isRecord } from './notebook-fields.js';
import { sanitizeNotebookHtml } from './sanitize-notebook-html.js';

const marked = new Marked(markdownMath, {
  gfm: true,
  renderer: {
    code({ text, lang }) {
      const language = (lang ?? '').trim().split(/\s+/)[0]?.toLowerCase() ?? '';
      const extra = languageClass(language);
      return `<pre><code class="hljs${extra ? ` ${extra}` : ''}">${highlightCode(text, language)}</code></pre>\n`;
    },
  },
});

/**
 * Renders markdown to sanitized HTML. `attachments` is the cell's nbformat `attachments`
 * object (`{name: {mime: base64}}`); `attachment:name` images resolve from it.
 */
export function renderMarkdown(source: string, attachments?: unknown): string {
  const tokens = marked.lexer(protectDisplayMath(source));
  if (isRecord(attachments)) {
    marked.walkTokens(tokens, (token) => resolveAttachment(token, attachments));
  }
  return sanitizeNotebookHtml(marked.parser(tokens));
}

function resolveAttachment(token: Token, attachments: Record<string, unknown>): void {
  if (token.type !== 'image' || !token.href.startsWith('attachment:')) return;
  let name: string;
  try {
    name = decodeURIComponent(token.href.slice('attachment:'.length));
  } catch {
    return;
  }
  const bundle = Object.hasOwn(attachments, name) ? attachments[name] : undefined;
  if (!isRecord(bundle)) return;
  for (const [mime, data] of Object.entries(bundle)) {
    if (!isRasterImageMime(mime) || typeof data !== 'string') continue;
    const uri = rasterImageDataUri(mime, data);
    if (uri) {
      token.href = uri;
      return;
    }
  }
}
