/**
 * Parsers of lists, each given as a comma-separated string or a JSON array of strings:
 * plain lists, Python module names, and lists drawn from a fixed set.
 */
import { fail, type Parser } from './parser.js';

/** A comma-separated string or a JSON array of strings. */
export function list(): Parser<readonly string[]> {
  return {
    kind: 'comma-separated list',
    parse(raw) {
      if (Array.isArray(raw) && raw.every((v) => typeof v === 'string'))
        return raw.map((v) => v.trim()).filter(Boolean);
      if (typeof raw === 'string')
        return raw
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean);
      return fail('must be a list of strings');
    },
  };
}

const MODULE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);

/**
 * Python module names (`pandas`, `matplotlib.pyplot`): a comma-separated string or a JSON
 * array; `none` (an empty variable means "not set") is the empty list. Each must be a
 * dotted ASCII identifier and no keyword, so the names can be put into an `import`
 * statement as they are, and nothing else can.
 */
export function moduleNames(): Parser<readonly string[]> {
  const names = list();
  return {
    kind: 'comma-separated Python module names',
    parse(raw) {
      if (typeof raw === 'string' && raw.trim().toLowerCase() === 'none') return [];
      const parsed = names.parse(raw);
      for (const name of parsed) {
        const keyword = name.split('.').find((part) => PYTHON_KEYWORDS.has(part));
        if (!MODULE.test(name) || name.length > 200 || keyword !== undefined)
          fail(
            `has ${JSON.stringify(name)}, which is not a module name: use dotted Python identifiers such as pandas or matplotlib.pyplot`,
          );
      }
      return parsed;
    },
  };
}

/**
 * A list drawn from a fixed set (a comma-separated string or a JSON array of strings):
 * each value is matched by `canonical` (null for an unknown one, which fails naming it
 * and the set), duplicates are dropped and the result is in the set's order. Empty is
 * allowed.
 */
export function listOf(
  values: readonly string[],
  canonical: (raw: string) => string | null,
): Parser<readonly string[]> {
  const inner = list();
  return {
    kind: `comma-separated list of ${values.join(', ')}`,
    parse(raw) {
      const items = inner.parse(raw);
      const unknown = items.filter((v) => canonical(v) === null);
      if (unknown.length > 0)
        fail(
          `${unknown.map((v) => JSON.stringify(v)).join(', ')} ${unknown.length === 1 ? 'is not a known format' : 'are not known formats'}; choose from ${values.join(', ')}`,
        );
      const chosen = new Set(items.map((v) => canonical(v)));
      return values.filter((v) => chosen.has(v));
    },
  };
}
