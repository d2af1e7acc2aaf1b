/** The part of the hub's logger the proxy uses. */
export interface ProxyLog {
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** Logs one upstream failure: session, what failed, and the error code. */
export type FailureLog = (sessionId: string, stage: string, error: unknown) => void;

const SESSION_LIMIT = 1_000;

/**
 * Upstream failures, logged quietly: one line with the error code and message (never a
 * stack, never a URL, which could carry a token), and at most one line per session per
 * `intervalMs`, with a count of what was held back, so a client hammering a dead server
 * cannot flood the log.
 */
export function createFailureLog(
  log: ProxyLog,
  intervalMs = 10_000,
  nowMs: () => number = () => performance.now(),
): FailureLog {
  const lastLogged = new Map<string, { atMs: number; suppressed: number }>();
  return (sessionId, stage, error) => {
    const now = nowMs();
    const entry = lastLogged.get(sessionId);
    if (entry !== undefined && now - entry.atMs < intervalMs) {
      entry.suppressed++;
      return;
    }
    if (lastLogged.size >= SESSION_LIMIT) lastLogged.clear();
    lastLogged.set(sessionId, { atMs: now, suppressed: 0 });
    log.warn('proxy: upstream failed', {
      session: sessionId,
      stage,
      code: errorCode(error),
      ...(entry !== undefined && entry.suppressed > 0 ? { suppressed: entry.suppressed } : {}),
    });
  };
}

function errorCode(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : error.message;
  }
  return String(error);
}
