/**
 * Defensive readers for notebook JSON. `validateNotebook` checks only the outer shape, so
 * every cell and output field is read here as `unknown` and narrowed before use.
 */

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * nbformat's "multiline string": a string, or a list of strings to concatenate.
 * Anything else yields `undefined`.
 */
export function multilineText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((part) => typeof part === 'string')) {
    return value.join('');
  }
  return undefined;
}

/** An execution count as shown in a prompt: a non-negative integer, or a blank. */
export function executionCountLabel(value: unknown): string {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
    ? String(value)
    : ' ';
}
