/**
 * TeX math in markdown is kept verbatim (delimiters included) in `nb-math` elements, so
 * `a_1 * b_2` is not turned into emphasis. No TeX is typeset: the preview has no math
 * renderer and its CSP allows no script, so the reader sees the TeX source.
 *
 * Display math (`$$…$$`, `\[…\]` opening a line) is swapped for an HTML block before marked
 * runs, in one linear pass over the lines; marked's block extensions would re-flatten the
 * paragraph at every candidate line, which costs quadratic time on hostile input.
 */
import type { MarkedExtension, Tokens } from 'marked';
import { escapeHtml } from './escape-html.js';

interface MathToken extends Tokens.Generic {
  type: 'nbMathInline';
  raw: string;
}

// Pandoc's rule for `$…$`: no space just inside the dollars, no digit right after the closing
// one. Bounded lengths keep a cell full of unclosed openers from costing quadratic time.
const inlinePattern =
  /^(\$\$(?:\\[\s\S]|[^\\$]){1,2000}?\$\$|\$(?=\S)(?:\\[\s\S]|[^\\$\n]){1,2000}?(?<=\S)\$(?!\d)|\\\((?:(?!\n[ \t]*\n)[\s\S]){1,2000}?\\\))/;

/** The inline-math extension, for `new Marked(markdownMath, …)`. */
export const markdownMath: MarkedExtension = {
  extensions: [
    {
      name: 'nbMathInline',
      level: 'inline',
      start: (src) => src.match(/\$|\\\(/)?.index,
      tokenizer(src): MathToken | undefined {
        const match = inlinePattern.exec(src);
        return match ? { type: 'nbMathInline', raw: match[0], text: match[0] } : undefined;
      },
      renderer: (token) => `<span class="nb-math">${escapeHtml(String(token.text))}</span>`,
    },
  ],
};

const maxDisplayLines = 200;

/**
 * Replaces each display-math block (a line opening with `$$` or `\[` up to the first line
 * ending with the closer, never across a blank line, never inside a code fence) with a
 * `<div class="nb-math nb-math-display">` HTML block holding the escaped TeX.
 */
export function protectDisplayMath(source: string): string {
  const lines = source.split('\n');
  const out: string[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fenceMark = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fenceMark && (fence === undefined || fenceMark.startsWith(fence))) {
      fence = fence === undefined ? fenceMark : undefined;
    }
    const opener = fence === undefined ? /^ {0,3}(\$\$|\\\[)/.exec(line) : null;
    const end = opener
      ? displayMathEnd(lines, i, opener[0].length, opener[1] === '$$' ? '$$' : '\\]')
      : -1;
    if (end < 0) {
      out.push(line);
      continue;
    }
    const tex = lines
      .slice(i, end + 1)
      .join('\n')
      .trim();
    // Blank lines around the block end any paragraph and any HTML block cleanly.
    out.push('', `<div class="nb-math nb-math-display">${escapeHtml(tex)}</div>`, '');
    i = end;
  }
  return out.join('\n');
}

function displayMathEnd(
  lines: readonly string[],
  start: number,
  skip: number,
  closer: string,
): number {
  for (let i = start; i < lines.length && i < start + maxDisplayLines; i++) {
    const text = (lines[i] ?? '').slice(i === start ? skip : 0).trimEnd();
    if (i > start && text.trim() === '') return -1;
    if (text.endsWith(closer)) return i;
  }
  return -1;
}
