import { HubError } from '../errors/hub-error.js';
import { jupyterGet } from './jupyter-fetch.js';

interface KernelModel {
  readonly execution_state?: unknown;
  readonly last_activity?: unknown;
}

/** How long a kernel reported as `starting` still counts as busy, and the wall clock now. */
export interface StartingBound {
  readonly startingBusyMs: number;
  readonly nowWallMs: number;
}

/**
 * Whether any kernel of the server may be executing code right now (`GET api/kernels`).
 * The culler uses it to spare sessions with a running computation. Throws
 * `HubError('server_unavailable')` when the server cannot say; the caller decides what
 * an unanswered question means.
 */
export async function kernelsBusy(
  target: string,
  baseUrl: string,
  token: string,
  signal?: AbortSignal,
  starting: StartingBound = { startingBusyMs: Number.POSITIVE_INFINITY, nowWallMs: 0 },
): Promise<boolean> {
  let kernels: unknown;
  try {
    const response = await jupyterGet({ target, baseUrl, token }, 'api/kernels', signal);
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new Error(`api/kernels answered HTTP ${response.status}`);
    }
    kernels = await response.json();
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw new HubError('server_unavailable', { cause: error });
  }
  if (!Array.isArray(kernels)) {
    throw new HubError('server_unavailable', { cause: new Error('api/kernels is not a list') });
  }
  return kernels.some((kernel: KernelModel) => kernelBusy(kernel, starting));
}

/**
 * One kernel: `busy` is busy. `starting` is busy only for `startingBusyMs` after the
 * kernel's `last_activity` (for a kernel nobody connected to, its start): Notebook 6
 * learns a kernel's state from its iopub stream, and under load its watcher can
 * subscribe after the kernel already published `busy`, so a kernel running code may
 * still say `starting` until its next status. But a kernel started and never connected
 * says `starting` for ever; unbounded, it would keep its session from ever idling out.
 * Without a readable `last_activity` a `starting` kernel counts as busy (the maximum
 * lifetime still applies).
 */
export function kernelBusy(kernel: KernelModel, starting: StartingBound): boolean {
  if (kernel?.execution_state === 'busy') return true;
  if (kernel?.execution_state !== 'starting') return false;
  const since =
    typeof kernel.last_activity === 'string' ? Date.parse(kernel.last_activity) : Number.NaN;
  if (Number.isNaN(since)) return true;
  return starting.nowWallMs - since < starting.startingBusyMs;
}
