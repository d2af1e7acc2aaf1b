/**
 * Notebook validation, run before any slot is reserved: a size cap, a nesting cap
 * (checked on the raw text, before JSON.parse, so a 10,000-deep document costs a
 * linear scan and no recursion), valid JSON, and nbformat 4's required shape.
 */
import { HubError } from '../errors/hub-error.js';

export interface NotebookLimits {
  readonly maxBytes: number;
  readonly maxDepth: number;
}

export interface NotebookDocument {
  readonly nbformat: 4;
  readonly nbformat_minor: number;
  readonly metadata: Record<string, unknown>;
  readonly cells: ReadonlyArray<Record<string, unknown>>;
}

export function validateNotebook(content: Buffer, limits: NotebookLimits): NotebookDocument {
  if (content.length > limits.maxBytes) {
    throw new HubError('notebook_too_large', {
      message: `The notebook is ${formatMiB(content.length)}; the limit is ${formatMiB(limits.maxBytes)}.`,
    });
  }
  const text = content.toString('utf8');
  const depth = maxNesting(text);
  if (depth > limits.maxDepth) {
    throw new HubError('notebook_invalid', {
      message: `The notebook is nested ${depth > 10 * limits.maxDepth ? 'far ' : ''}deeper than the limit of ${limits.maxDepth} levels.`,
    });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new HubError('notebook_invalid', {
      message: 'The notebook is not valid JSON.',
      cause: e,
    });
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new HubError('notebook_invalid', { message: 'The notebook is not a JSON object.' });
  }
  const nb = doc as Record<string, unknown>;
  if (nb.nbformat !== 4) {
    const found =
      typeof nb.nbformat === 'number' ? `nbformat ${nb.nbformat}` : 'no nbformat version';
    throw new HubError('notebook_invalid', {
      message: `The notebook has ${found}; only nbformat 4 notebooks can be run.`,
    });
  }
  if (!Array.isArray(nb.cells) || nb.cells.some((c) => typeof c !== 'object' || c === null)) {
    throw new HubError('notebook_invalid', { message: 'The notebook has no valid list of cells.' });
  }
  if (typeof nb.metadata !== 'object' || nb.metadata === null || Array.isArray(nb.metadata)) {
    throw new HubError('notebook_invalid', { message: 'The notebook has no metadata object.' });
  }
  return {
    nbformat: 4,
    nbformat_minor: typeof nb.nbformat_minor === 'number' ? nb.nbformat_minor : 0,
    metadata: nb.metadata as Record<string, unknown>,
    cells: nb.cells as Array<Record<string, unknown>>,
  };
}

/** Deepest nesting of `[`/`{` outside strings; stops counting past any sane value. */
export function maxNesting(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
