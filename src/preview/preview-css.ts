/**
 * The preview's only stylesheet, served as a static asset (`style-src 'self'`): no inline
 * styles, so the CSP needs no `'unsafe-inline'`. Includes the highlight.js token colours
 * and the `ansi-*` classes of terminal output.
 */
import { createHash } from 'node:crypto';

const ansiColours: Record<string, string> = {
  black: '#3e424d',
  red: '#c4332e',
  green: '#2b7a0b',
  yellow: '#a36a00',
  blue: '#1f5fbf',
  magenta: '#a0309c',
  cyan: '#0f7c8c',
  white: '#a5a5a5',
};

const ansiRules = Object.entries(ansiColours)
  .flatMap(([name, colour]) => [
    `.ansi-${name}-fg,.ansi-bright-${name}-fg{color:${colour}}`,
    `.ansi-${name}-bg,.ansi-bright-${name}-bg{background:${colour};color:#fff}`,
  ])
  .join('\n');

/** The stylesheet text. */
export const previewCss = `
:root{color-scheme:light;--muted:#6a737d;--border:#d0d7de;--code-bg:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;padding:1rem;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#fff}
.nb-preview-title{font-size:1.1rem;margin:0 0 1rem;color:var(--muted);font-weight:600}
.nb-notebook{max-width:1100px}
.nb-cell{margin:0 0 1rem}
.nb-input,.nb-output{display:grid;grid-template-columns:6.5em minmax(0,1fr);gap:.5em}
.nb-prompt{font:12px/1.9 ui-monospace,"DejaVu Sans Mono",monospace;color:var(--muted);text-align:right;white-space:nowrap}
.nb-result .nb-prompt{color:#a0309c}
.nb-input .nb-prompt{color:#1f5fbf}
pre,code{font:13px/1.45 ui-monospace,"DejaVu Sans Mono",Menlo,monospace}
pre{margin:0;padding:.5em .75em;overflow:auto;white-space:pre-wrap;overflow-wrap:anywhere}
.nb-source{background:var(--code-bg);border:1px solid var(--border);border-radius:4px}
.nb-outputs{margin-top:.25em}
.nb-output-body{min-width:0;overflow-x:auto}
.nb-stderr pre{background:#fff5f5}
.nb-traceback{background:#fff5f5;border-left:3px solid #c4332e}
.nb-markdown-cell{padding-left:7em}
.nb-markdown img,.nb-html img,.nb-image{max-width:100%;height:auto}
.nb-markdown pre{background:var(--code-bg);border-radius:4px}
.nb-markdown code{background:var(--code-bg);padding:0 .2em;border-radius:3px}
.nb-markdown pre code{padding:0;background:none}
.nb-markdown blockquote{margin:0;padding:0 1em;color:var(--muted);border-left:.25em solid var(--border)}
table{border-collapse:collapse;margin:.5em 0;font-size:13px}
th,td{border:1px solid var(--border);padding:.25em .6em;text-align:right;vertical-align:top}
thead th{background:var(--code-bg)}
.nb-math{font-family:ui-monospace,"DejaVu Sans Mono",monospace;color:#3e424d;white-space:pre-wrap}
.nb-math-display{display:block;margin:.5em 0;padding:.25em .75em;background:var(--code-bg)}
.nb-note{margin:.25em 0;padding:.25em .6em;font-size:13px;color:#6a4a00;background:#fff8e1;border-left:3px solid #e0a800}
.nb-image-placeholder::before{content:"[" attr(title) "]";color:var(--muted);font-style:italic}
.nb-task-done::before{content:"\\2611  "}
.nb-task-open::before{content:"\\2610  "}
.nb-error-page{max-width:40em;margin:3rem auto;text-align:center}
.nb-error-page h1{font-size:1.3rem}
.ansi-bold{font-weight:bold}
.ansi-underline{text-decoration:underline}
${ansiRules}
.hljs-comment,.hljs-quote{color:#6a737d;font-style:italic}
.hljs-keyword,.hljs-selector-tag,.hljs-literal,.hljs-type,.hljs-doctag{color:#cf222e}
.hljs-string,.hljs-regexp,.hljs-addition,.hljs-attribute{color:#0a3069}
.hljs-number,.hljs-symbol,.hljs-bullet,.hljs-variable,.hljs-template-variable{color:#0550ae}
.hljs-title,.hljs-section,.hljs-name,.hljs-selector-id,.hljs-selector-class{color:#8250df}
.hljs-built_in,.hljs-meta,.hljs-params{color:#953800}
.hljs-deletion{color:#82071e;background:#ffebe9}
.hljs-emphasis{font-style:italic}
.hljs-strong{font-weight:bold}
`.trimStart();

/** A short content hash of {@link previewCss}, for a cache-busting `?v=` on its URL. */
export const previewCssVersion = createHash('sha256').update(previewCss).digest('hex').slice(0, 12);
