import { HubError } from '../errors/hub-error.js';
import { jupyterGet } from './jupyter-fetch.js';

interface KernelModel {
  readonly execution_state?: unknown;
}

/**
 * Whether any kernel of the server may be executing code right now (`GET api/kernels`,
 * any `execution_state` of `busy` or `starting`). The culler uses it to spare sessions
 * with a running computation. `starting` counts because Notebook 6 learns a kernel's
 * state from its iopub stream, and under load its watcher can subscribe after the
 * kernel already published `busy`: the kernel then runs code while the API still says
 * `starting`, until its next status. Erring that way keeps a computation alive; the
 * maximum lifetime still ends the session. Throws `HubError('server_unavailable')` when the server cannot say; the
 * caller decides what an unanswered question means.
 */
export async function kernelsBusy(
  target: string,
  baseUrl: string,
  token: string,
  signal?: AbortSignal,
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
  return kernels.some(
    (kernel: KernelModel) =>
      kernel?.execution_state === 'busy' || kernel?.execution_state === 'starting',
  );
}
