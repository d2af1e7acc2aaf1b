/**
 * The field kit of the config schema (src/config/schema/*.ts): `field` declares one
 * setting, and the parsers in src/config/parsers/ (re-exported here, so a schema file
 * has one import) turn a raw value into its type or throw a `FieldError` saying what is
 * expected. The admin settings use the same parsers.
 */
import type { Parser } from './parsers/parser.js';

export { FieldError, type Parser } from './parsers/parser.js';
export { bool, int, oneOf, optionalStr, str } from './parsers/scalars.js';
export { list, listOf, moduleNames } from './parsers/lists.js';
export { basePath, optionalUrl } from './parsers/urls.js';
export { memory, memoryBytes } from './parsers/memory.js';

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
