/**
 * Terminal text (streams, tracebacks, plain-text results) to HTML: SGR colour and weight
 * codes become fixed `ansi-*` classes styled by the preview CSS; every other escape
 * sequence is dropped; the text itself is escaped.
 */
import { escapeHtml } from './escape-html.js';

const colourNames = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

interface SgrState {
  fg?: string;
  bg?: string;
  bold?: boolean;
  underline?: boolean;
}

// CSI (ESC [ … final byte), OSC (ESC ] … BEL or ESC \), then any other escape such as
// ESC ( B (intermediate bytes, one final byte).
const escapePattern =
  // eslint-disable-next-line no-control-regex -- matching ESC and BEL is the point
  /\x1b\[([0-?]*)[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -/]*[0-~]?/g;

/** Converts ANSI-coloured text to escaped HTML with `ansi-*` class spans. */
export function ansiToHtml(text: string): string {
  const source = collapseCarriageReturns(text);
  const state: SgrState = {};
  let html = '';
  let last = 0;
  for (const match of source.matchAll(escapePattern)) {
    html += wrap(escapeHtml(source.slice(last, match.index)), state);
    last = match.index + match[0].length;
    if (match[0].endsWith('m') && match[1] !== undefined) applySgr(state, match[1]);
  }
  return html + wrap(escapeHtml(source.slice(last)), state);
}

/** Like a terminal, a line rewritten after `\r` (progress bars) shows only its last version. */
function collapseCarriageReturns(text: string): string {
  if (!text.includes('\r')) return text;
  return text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => line.slice(line.lastIndexOf('\r') + 1))
    .join('\n');
}

function applySgr(state: SgrState, params: string): void {
  const codes = params === '' ? [0] : params.split(';').map((p) => Number.parseInt(p || '0', 10));
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] ?? 0;
    if (code === 0) {
      delete state.fg;
      delete state.bg;
      delete state.bold;
      delete state.underline;
    } else if (code === 1) state.bold = true;
    else if (code === 22) delete state.bold;
    else if (code === 4) state.underline = true;
    else if (code === 24) delete state.underline;
    else if (code >= 30 && code <= 37) state.fg = colourNames[code - 30];
    else if (code >= 90 && code <= 97) state.fg = `bright-${colourNames[code - 90]}`;
    else if (code === 39) delete state.fg;
    else if (code >= 40 && code <= 47) state.bg = colourNames[code - 40];
    else if (code >= 100 && code <= 107) state.bg = `bright-${colourNames[code - 100]}`;
    else if (code === 49) delete state.bg;
    // 256-colour and true-colour forms carry extra parameters; skip them, keep the text.
    else if (code === 38 || code === 48) i += codes[i + 1] === 5 ? 2 : 4;
  }
}

function wrap(html: string, state: SgrState): string {
  if (html === '') return '';
  const classes = [
    state.fg && `ansi-${state.fg}-fg`,
    state.bg && `ansi-${state.bg}-bg`,
    state.bold && 'ansi-bold',
    state.underline && 'ansi-underline',
  ].filter(Boolean);
  return classes.length ? `<span class="${classes.join(' ')}">${html}</span>` : html;
}
