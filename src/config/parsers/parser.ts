/**
 * The contract of a field parser, shared by the config schema and the admin settings: it
 * takes a raw value (a string from the environment or a flag, or a JSON value from a file
 * or a request body) and returns the typed value or throws a `FieldError` whose message
 * says what is expected.
 */
export class FieldError extends Error {}

export interface Parser<T> {
  /** A short human form of the expected type, for --help and the README. */
  readonly kind: string;
  parse(raw: unknown): T;
}

/** Throws the `FieldError` a parser reports a bad value with. */
export const fail = (message: string): never => {
  throw new FieldError(message);
};
