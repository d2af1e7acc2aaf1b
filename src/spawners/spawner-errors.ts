/**
 * The errors every spawner raises the same way, so the contract's rules read once:
 * what a failed `start` rejects with, and the `HubError` codes of the other methods.
 */
import { HubError } from '../errors/hub-error.js';

/**
 * What a failed `start` rejects with, once whatever it created is removed: the signal's
 * reason when it aborted, a `HubError` as it is, anything else as `spawn_failed` (the
 * error kept as its cause).
 */
export function startFailure(error: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason;
  return error instanceof HubError ? error : new HubError('spawn_failed', { cause: error });
}

/** For `.catch`: any failure as `internal`, the failure kept as its cause (`addFiles`, `setCpu`). */
export function rethrowInternal(cause: unknown): never {
  throw new HubError('internal', { cause });
}

/** `spawner_unavailable` with the backend's own reason (`check`, host and engine set-up). */
export function unavailable(message: string, cause?: unknown): HubError {
  return new HubError('spawner_unavailable', { message, cause });
}
