import { HubError } from '../errors/hub-error.js';
import { jupyterGet } from './jupyter-fetch.js';

interface KernelModel {
  readonly execution_state?: unknown;
}

/**
 * Whether any kernel of the server is executing code right now (`GET api/kernels`, any
 * `execution_state === 'busy'`). The culler uses it to spare sessions with a running
 * computation. Throws `HubError('server_unavailable')` when the server cannot say; the
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
  return kernels.some((kernel: KernelModel) => kernel?.execution_state === 'busy');
}
