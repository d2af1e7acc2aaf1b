import { HubError } from '../errors/hub-error.js';
import { jupyterGet } from './jupyter-fetch.js';

export interface WaitUntilReadyOptions {
  /** Aborting rejects with the signal's reason. */
  readonly signal: AbortSignal;
  /** Total time allowed, after which the promise rejects with `HubError('spawn_timeout')`. */
  readonly timeoutMs: number;
  /** Longest pause between two polls; polls start at 20 ms and back off towards it. */
  readonly intervalMs?: number;
}

const firstIntervalMs = 20;
const defaultMaxIntervalMs = 200;

/**
 * Polls `GET {target}{baseUrl}api/status` with the token until the server answers 200.
 * Connection errors and other statuses mean "not yet"; a 401/403 means the server is up
 * but refuses the token, which no amount of waiting fixes, so it fails at once with
 * `HubError('spawn_failed')`.
 */
export async function waitUntilReady(
  target: string,
  baseUrl: string,
  token: string,
  opts: WaitUntilReadyOptions,
): Promise<void> {
  const server = { target, baseUrl, token };
  const deadline = AbortSignal.timeout(opts.timeoutMs);
  const stop = AbortSignal.any([opts.signal, deadline]);
  const maxIntervalMs = Math.max(firstIntervalMs, opts.intervalMs ?? defaultMaxIntervalMs);
  let intervalMs = firstIntervalMs;
  let lastProblem: unknown = null;
  for (;;) {
    if (opts.signal.aborted) throw opts.signal.reason;
    if (deadline.aborted) {
      throw new HubError('spawn_timeout', { cause: lastProblem });
    }
    try {
      const response = await jupyterGet(server, 'api/status', stop);
      await response.body?.cancel();
      if (response.status === 200) return;
      if (response.status === 401 || response.status === 403) {
        throw new HubError('spawn_failed', {
          cause: new Error(`the server refused the token (HTTP ${response.status})`),
        });
      }
      lastProblem = new Error(`api/status answered HTTP ${response.status}`);
    } catch (error) {
      if (error instanceof HubError) throw error;
      if (!stop.aborted) lastProblem = error;
    }
    await pause(intervalMs, stop);
    intervalMs = Math.min(maxIntervalMs, Math.ceil(intervalMs * 1.5));
  }
}

/** Resolves after `ms` or as soon as `signal` aborts (the loop then reports why). */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
