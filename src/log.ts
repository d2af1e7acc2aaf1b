/**
 * The hub's logger: JSON lines through pino (one object per event: `level`, `time`,
 * `msg` and the fields), or a readable line per event for a terminal. The same pino
 * instance is Fastify's logger, so the access log goes through it too.
 *
 * No secret reaches the output, in three layers: fields whose name says secret (token,
 * ticket, cookie, authorization, password, secret) are replaced; query parameters of
 * those names are masked in every string; and the configured secrets themselves
 * (`addSecret`) are masked wherever they appear in a line.
 */
import { pino, type Logger as Pino } from 'pino';
import { prettyLine } from './log-pretty.js';
import { redactLine, redactFields } from './log-redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFormat = 'json' | 'pretty';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** Whether `debug` lines are written (to skip building their fields). */
  readonly debugEnabled: boolean;
  /** The pino instance underneath, for Fastify's `loggerInstance`. */
  readonly pino: Pino;
  /** Masks `value` wherever it appears in later lines (secrets of at least 8 characters). */
  addSecret(value: string | null | undefined): void;
  removeSecret(value: string | null | undefined): void;
}

export interface LoggerOptions {
  readonly format?: LogFormat;
  /** Where lines go (stderr by default). */
  readonly write?: (line: string) => void;
}

export function createLogger(level: LogLevel, options: LoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const secrets = new Set<string>();
  const format = options.format ?? 'json';
  const instance = pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: errorText, error: errorText, cause: errorText },
      hooks: { streamWrite: (line) => redactLine(line, secrets) },
    },
    {
      write: format === 'pretty' ? (line: string) => write(prettyLine(line)) : write,
    },
  );
  const at =
    (lvl: Exclude<LogLevel, 'silent'>) => (message: string, fields?: Record<string, unknown>) => {
      if (!instance.isLevelEnabled(lvl)) return;
      if (fields) instance[lvl](redactFields(fields), message);
      else instance[lvl](message);
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    get debugEnabled() {
      return instance.isLevelEnabled('debug');
    },
    pino: instance,
    addSecret(value) {
      if (value && value.length >= 8) secrets.add(value);
    },
    removeSecret(value) {
      if (value) secrets.delete(value);
    },
  };
}

/** Errors are logged by message and code only: no stacks, no request bodies. */
function errorText(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const code = (value as { code?: unknown }).code;
  const cause = value.cause instanceof Error ? `; cause: ${value.cause.message}` : '';
  return `${value.name}: ${value.message}${code ? ` (${String(code)})` : ''}${cause}`;
}

export const silentLogger: Logger = createLogger('silent');
