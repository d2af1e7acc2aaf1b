/**
 * Syntax highlighting with highlight.js. Its output is escaped text inside `hljs-*` spans,
 * so code cells need no sanitizing; markdown code blocks pass through the sanitizer anyway.
 */
import hljs from 'highlight.js';
import { escapeHtml } from './escape-html.js';
import { isRecord } from './notebook-fields.js';

/**
 * The notebook's code language from `metadata.language_info.name` or
 * `metadata.kernelspec.language`, lower-cased; `python` when neither is set.
 */
export function notebookLanguage(metadata: Record<string, unknown>): string {
  for (const [section, field] of [
    ['language_info', 'name'],
    ['kernelspec', 'language'],
  ] as const) {
    const holder = metadata[section];
    const value = isRecord(holder) ? holder[field] : undefined;
    if (typeof value === 'string' && value.trim() !== '') return value.trim().toLowerCase();
  }
  return 'python';
}

/**
 * Highlighted HTML for `code` (the content of a `<code class="hljs">`). An unknown
 * language gives the escaped text without highlighting.
 */
export function highlightCode(code: string, language: string): string {
  if (hljs.getLanguage(language)) {
    try {
      return hljs.highlight(code, { language, ignoreIllegals: true }).value;
    } catch {
      // A grammar bug must not break the preview; plain text is a fine fallback.
    }
  }
  return escapeHtml(code);
}

/** A CSS-safe `language-*` class name, or `undefined` for an unusable language tag. */
export function languageClass(language: string): string | undefined {
  return /^[a-z0-9_+-]{1,40}$/i.test(language) ? `language-${language.toLowerCase()}` : undefined;
}
