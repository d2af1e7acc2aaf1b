/** A small structured logger: one line per event on stderr, levels filtered once. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (l) => process.stderr.write(l),
): Logger {
  const at = (lvl: Exclude<LogLevel, 'silent'>) =>
    order[lvl] < order[level]
      ? () => {}
      : (message: string, fields?: Record<string, unknown>) => {
          const extra = fields ? ` ${JSON.stringify(fields, safeValue)}` : '';
          write(`${new Date().toISOString()} ${lvl.toUpperCase()} ${message}${extra}\n`);
        };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Errors are logged by message and code only: no stacks, no request bodies. */
function safeValue(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    const cause = value.cause instanceof Error ? `; cause: ${value.cause.message}` : '';
    return `${value.name}: ${value.message}${code ? ` (${String(code)})` : ''}${cause}`;
  }
  return value;
}

export const silentLogger: Logger = createLogger('silent');
