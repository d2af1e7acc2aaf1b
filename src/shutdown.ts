/**
 * Graceful shutdown with a deadline: `close()` gets `deadlineMs` to finish, then the
 * process exits anyway, so `docker stop` (10 s) or Kubernetes (30 s) never has to
 * SIGKILL the hub. The time taken is logged by the hub's own clock. Sessions are not
 * stopped: the next start re-adopts them.
 */
export interface ShutdownDeps {
  close(): Promise<void>;
  deadlineMs: number;
  nowMs(): number;
  exit(code: number): void;
  log(message: string, fields: Record<string, unknown>): void;
  /** Arms the deadline; `setTimeout` (unref'd) in production. */
  arm(ms: number, onDeadline: () => void): void;
}

export function shutdownWithDeadline(signal: string, deps: ShutdownDeps): void {
  const startedMs = deps.nowMs();
  let done = false;
  const finish = (code: number, outcome: string) => {
    if (done) return;
    done = true;
    const durationMs = Math.round(deps.nowMs() - startedMs);
    deps.log('shutdown finished', { signal, outcome, durationMs, deadlineMs: deps.deadlineMs });
    deps.exit(code);
  };
  deps.log('shutting down (sessions keep running and are re-adopted on the next start)', {
    signal,
    deadlineMs: deps.deadlineMs,
  });
  deps.arm(deps.deadlineMs, () => finish(1, 'deadline'));
  deps.close().then(
    () => finish(0, 'closed'),
    () => finish(1, 'close failed'),
  );
}
