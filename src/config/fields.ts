/**
 * Field parsers shared by the config schema and the admin settings. Each parser takes
 * a raw value (a string from the environment or a flag, or a JSON value from a file or
 * a request body) and returns the typed value or throws a `FieldError` whose message
 * says what is expected.
 */
export class FieldError extends Error {}

export interface Parser<T> {
  /** A short human form of the expected type, for --help and the README. */
  readonly kind: string;
  parse(raw: unknown): T;
}

const fail = (message: string): never => {
  throw new FieldError(message);
};

export function int(opts: { min?: number; max?: number } = {}): Parser<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = opts;
  const range =
    opts.min !== undefined && opts.max !== undefined
      ? ` from ${min} to ${max}`
      : opts.min !== undefined
        ? ` ≥ ${min}`
        : '';
  return {
    kind: `integer${range}`,
    parse(raw) {
      const n =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && /^-?\d+$/.test(raw.trim())
            ? Number(raw)
            : NaN;
      if (!Number.isSafeInteger(n)) fail(`must be an integer${range}`);
      if (n < min || n > max) fail(`must be an integer${range}`);
      return n;
    },
  };
}

export function str(
  opts: { pattern?: RegExp; maxLength?: number; allowEmpty?: boolean } = {},
): Parser<string> {
  return {
    kind: 'string',
    parse(raw) {
      if (typeof raw !== 'string') return fail('must be a string');
      if (!opts.allowEmpty && raw.length === 0) fail('must not be empty');
      if (opts.maxLength !== undefined && raw.length > opts.maxLength)
        fail(`must be at most ${opts.maxLength} characters`);
      if (opts.pattern && !opts.pattern.test(raw)) fail(`must match ${opts.pattern}`);
      return raw;
    },
  };
}

export function optionalStr(opts: { minBytes?: number } = {}): Parser<string | null> {
  const { minBytes = 0 } = opts;
  return {
    kind: minBytes > 0 ? `string of at least ${minBytes} bytes (optional)` : 'string (optional)',
    parse(raw) {
      if (raw === null || raw === undefined || raw === '') return null;
      if (typeof raw !== 'string') return fail('must be a string');
      const bytes = Buffer.byteLength(raw, 'utf8');
      if (bytes < minBytes)
        fail(
          `is ${bytes} bytes long; a key must be at least ${minBytes} bytes (generate one with: openssl rand -base64 32)`,
        );
      return raw;
    },
  };
}

export function bool(): Parser<boolean> {
  return {
    kind: 'boolean',
    parse(raw) {
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'string') {
        const v = raw.trim().toLowerCase();
        if (['1', 'true', 'yes', 'on'].includes(v)) return true;
        if (['0', 'false', 'no', 'off'].includes(v)) return false;
      }
      return fail('must be true or false');
    },
  };
}

export function oneOf<const T extends string>(values: readonly T[]): Parser<T> {
  return {
    kind: values.join(' | '),
    parse(raw) {
      if (typeof raw === 'string' && (values as readonly string[]).includes(raw)) return raw as T;
      return fail(`must be one of ${values.join(', ')}`);
    },
  };
}

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

/** An absolute http(s) URL, or null when empty. */
export function optionalUrl(): Parser<string | null> {
  return {
    kind: 'http(s) URL (optional)',
    parse(raw) {
      if (raw === null || raw === undefined || raw === '') return null;
      if (typeof raw !== 'string') return fail('must be a URL');
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return fail('must be an absolute http(s) URL');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        fail('must be an absolute http(s) URL');
      return url.href;
    },
  };
}

const MEMORY = /^([1-9]\d*)([MG])$/i;

/** A memory size as the original admin form took it: a number followed by M or G. */
export function memory(): Parser<string> {
  return {
    kind: 'memory size such as 512M or 1G',
    parse(raw) {
      if (typeof raw !== 'string' || !MEMORY.test(raw.trim()))
        return fail('must be a positive number followed by M or G, such as 512M or 1G');
      return raw.trim().toUpperCase();
    },
  };
}

export function memoryBytes(limit: string): number {
  const m = MEMORY.exec(limit);
  if (!m) throw new FieldError(`not a memory size: ${limit}`);
  return Number(m[1]) * (m[2]!.toUpperCase() === 'G' ? 1024 ** 3 : 1024 ** 2);
}

/** A URL path prefix such as `/` or `/jupyter/`, normalised to start and end with `/`. */
export function basePath(): Parser<string> {
  return {
    kind: 'URL path',
    parse(raw) {
      if (
        typeof raw !== 'string' ||
        !/^\/?[A-Za-z0-9._~\-/]*$/.test(raw) ||
        raw.includes('..') ||
        raw.includes('//')
      )
        return fail('must be a URL path such as / or /jupyter/');
      return `/${raw.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
    },
  };
}

/** One setting of the config schema (src/config/schema.ts). */
export interface Field<T> {
  readonly parser: Parser<T>;
  readonly default: NoInfer<T>;
  readonly description: string;
  readonly group:
    'server' | 'sessions' | 'notebooks' | 'security' | 'local' | 'docker' | 'swarm' | 'ckan';
  readonly env?: readonly string[];
  readonly flag?: string;
  /** Secrets are read from the environment or from the file named by `<ENV>_FILE`, never from a config file. */
  readonly secret?: boolean;
}

/** Declares a field, inferring its type from the parser alone. */
export const field = <T>(f: Field<T>): Field<T> => f;
