/**
 * What the hub asks a running notebook server directly (readiness, liveness and kernel
 * activity), as an interface so the manager can be unit-tested with a fake clock and no
 * server. The real implementation wraps the Jupyter API client in src/jupyter/. These
 * requests go to the server itself, never through the proxy, so they are never counted
 * as a visitor's activity.
 */
import type { StartingBound } from '../jupyter/kernels-busy.js';

export interface ServerProbe {
  /** Resolves once `{target}{baseUrl}api/status` answers 200 with the token; rejects on timeout or abort. */
  waitUntilReady(
    target: string,
    baseUrl: string,
    token: string,
    opts: { signal: AbortSignal; timeoutMs: number },
  ): Promise<void>;
  /** Whether `api/status` answers 200 within `timeoutMs`; never throws. */
  answers(target: string, baseUrl: string, token: string, timeoutMs: number): Promise<boolean>;
  /** Whether any kernel of the server is executing code right now (see kernelBusy). */
  kernelsBusy(
    target: string,
    baseUrl: string,
    token: string,
    signal: AbortSignal,
    starting: StartingBound,
  ): Promise<boolean>;
}
