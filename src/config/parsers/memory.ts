/** Memory sizes such as 512M or 1G: the parser, and their size in bytes. */
import { fail, FieldError, type Parser } from './parser.js';

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
