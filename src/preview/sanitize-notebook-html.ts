/**
 * The one sanitizer for HTML that comes from a notebook (rendered markdown and `text/html`
 * outputs). Everything is by allow-list: formatting tags only; no script, style, frames,
 * forms, embeds, SVG or MathML; no event handlers or `style` attributes; links limited to
 * http(s)/mailto and opened in a new context without opener or referrer; images only as
 * base64 PNG/JPEG/GIF/WebP `data:` URIs; ids prefixed and `name` dropped so nothing can
 * clobber DOM globals. The preview's CSP and sandbox are a second line, not a substitute.
 */
import sanitizeHtml from 'sanitize-html';
import { allowedImageDataUri } from './image-data-uri.js';
import { imagePlaceholder } from './image-placeholder.js';

/** Prefix given to every `id` (and to `#fragment` links) from notebook HTML, as GitHub does. */
export const userContentIdPrefix = 'user-content-';

const formattingTags = [
  'p',
  'div',
  'span',
  'br',
  'hr',
  'blockquote',
  'pre',
  'code',
  'kbd',
  'samp',
  'var',
];
const inlineTags = [
  'em',
  'strong',
  'b',
  'i',
  'u',
  's',
  'del',
  'ins',
  'sub',
  'sup',
  'small',
  'mark',
  'abbr',
  'cite',
  'q',
  'dfn',
  'time',
];
const structureTags = [
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'a',
  'img',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'figure',
  'figcaption',
  'details',
  'summary',
];
const tableTags = [
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'caption',
  'colgroup',
  'col',
];

// Dropped together with their content: raw-text elements (whose parsing differs between
// parsers, the root of mutation XSS) and embedded documents, whose text is not prose.
const droppedWithContent = [
  'script',
  'style',
  'textarea',
  'option',
  'select',
  'noscript',
  'template',
  'title',
  'iframe',
  'frame',
  'frameset',
  'noembed',
  'noframes',
  'xmp',
  'plaintext',
  'object',
  'svg',
  'math',
];

const options: sanitizeHtml.IOptions = {
  allowedTags: [...formattingTags, ...inlineTags, ...structureTags, ...tableTags],
  allowedAttributes: {
    '*': ['id', 'title', 'lang', { name: 'dir', values: ['ltr', 'rtl', 'auto'] }],
    a: ['href', 'rel', 'target'],
    img: ['src', 'alt', 'width', 'height'],
    th: ['colspan', 'rowspan', 'align', 'scope'],
    td: ['colspan', 'rowspan', 'align'],
    col: ['span'],
    colgroup: ['span'],
    ol: ['start', 'reversed', 'type'],
    li: ['value'],
    details: ['open'],
    time: ['datetime'],
    table: ['border', 'class'],
    code: ['class'],
    span: ['class'],
    div: ['class'],
  },
  allowedClasses: {
    table: ['dataframe'],
    code: ['hljs', 'language-*'],
    span: ['hljs-*', '*_', 'nb-math', 'nb-task-done', 'nb-task-open', 'nb-image-placeholder'],
    div: ['nb-math', 'nb-math-display'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['data'] },
  allowProtocolRelative: true,
  nonTextTags: droppedWithContent,
  disallowedTagsMode: 'discard',
  // Deeply nested markup costs the browser more than it shows the reader.
  nestingLimit: 100,
  transformTags: {
    a: (_tag, attribs) => {
      const href = attribs.href ?? '';
      if (href.startsWith('#')) {
        return { tagName: 'a', attribs: { ...attribs, href: `#${prefixed(href.slice(1))}` } };
      }
      return {
        tagName: 'a',
        attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' },
      };
    },
    img: (_tag, attribs) => {
      const src = allowedImageDataUri(attribs.src ?? '');
      if (src) return { tagName: 'img', attribs: { ...attribs, src } };
      return imagePlaceholder(attribs.alt);
    },
    input: (tag, attribs) => {
      if (attribs.type?.toLowerCase() !== 'checkbox') return { tagName: tag, attribs };
      const state = 'checked' in attribs ? 'nb-task-done' : 'nb-task-open';
      return {
        tagName: 'span',
        attribs: { class: state, title: state === 'nb-task-done' ? 'done' : 'to do' },
      };
    },
    '*': (tag, attribs) => {
      if (attribs.id === undefined) return { tagName: tag, attribs };
      return { tagName: tag, attribs: { ...attribs, id: prefixed(attribs.id) } };
    },
  },
};

/** Idempotent, so sanitizing sanitized HTML changes nothing. */
function prefixed(id: string): string {
  return id.startsWith(userContentIdPrefix) ? id : `${userContentIdPrefix}${id}`;
}

/** Sanitizes notebook-supplied HTML by the preview's allow-list. */
export function sanitizeNotebookHtml(html: string): string {
  return sanitizeHtml(html, options);
}
