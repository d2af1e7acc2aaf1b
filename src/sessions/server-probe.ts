/**
 * What the hub asks a running notebook server directly (readiness and kernel activity),
 * as an interface so the manager can be unit-tested with a fake clock and no server.
 * The real implementation wraps the Jupyter API client in src/jupyter/.
 */
export interface ServerProbe {
  /** Resolves once `{target}{baseUrl}api/status` answers 200 with the token; rejects on timeout or abort. */
  waitUntilReady(
    target: string,
    baseUrl: string,
    token: string,
    opts: { signal: AbortSignal; timeoutMs: number },
  ): Promise<void>;
  /** Whether any kernel of the server is executing code right now. */
  kernelsBusy(
    target: string,
    baseUrl: string,
    token: string,
    signal: AbortSignal,
  ): Promise<boolean>;
}
