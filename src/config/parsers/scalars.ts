/** Parsers of single values: integers in a range, strings, optional secrets, booleans, enums. */
import { fail, type Parser } from './parser.js';

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
