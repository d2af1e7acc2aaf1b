/**
 * A pooled server's pre-started kernel, from warm-up to hand-out (warm-pool.ts holds
 * the servers; src/jupyter/pooled-kernel.ts speaks Jupyter).
 *
 * Warm-up, once the server answers: start a python3 kernel and, over its WebSocket,
 * import `poolImports` (silently: the visitor's namespace stays empty and the first
 * cell is [1]). This runs before any visitor has the server, straight to the server and
 * not through the proxy, so it is never the visitor's activity; afterwards the kernel
 * is `idle`, which the idle timeout does not count as busy.
 *
 * Hand-out, once the notebook is in the workspace: put the notebook's environment into
 * the kernel's `os.environ` (it started before anyone knew it; kernels started later read
 * the same from the IPython start-up file), then create the Jupyter session for the
 * notebook's path around the kernel. The kernel's working folder is the server's root,
 * where notebooks land; a notebook in a folder (none today) would get no pooled kernel,
 * because `os.chdir` would not survive a kernel restart: its page starts its own in the
 * right folder, as it does for another kernelspec. A kernel not bound is deleted.
 */
import { executeInKernel, KernelCodeError } from '../jupyter/kernel-execute.js';
import type { JupyterServer } from '../jupyter/jupyter-fetch.js';
import {
  bindKernel,
  deleteKernel,
  envCode,
  importCode,
  startKernel,
  wantsPooledKernel,
} from '../jupyter/pooled-kernel.js';
import type { Logger } from '../log.js';
import { untilAborted } from './until-aborted.js';

/** The kernel's id once warm; null when it could not be started or did not answer (never rejects). */
export async function warmKernel(
  server: JupyterServer,
  imports: readonly string[],
  signal: AbortSignal,
  log: Logger,
): Promise<string | null> {
  let kernelId: string;
  try {
    kernelId = await startKernel(server, signal);
  } catch (error) {
    if (!signal.aborted)
      log.warn('a pooled server could not start its kernel; its page will start one', { error });
    return null;
  }
  try {
    await executeInKernel(server, kernelId, importCode(imports), signal);
  } catch (error) {
    if (error instanceof KernelCodeError) {
      // The kernel works; a module of poolImports is missing or broken in the image.
      log.warn('a pooled kernel could not import every module of poolImports', {
        error: error.message,
      });
      return kernelId;
    }
    if (!signal.aborted) log.warn('a pooled kernel did not answer; deleting it', { error });
    await deleteKernel(server, kernelId);
    return null;
  }
  return kernelId;
}

/** See PooledServer.bindKernel. */
export async function bindPooledKernel(
  server: JupyterServer,
  kernel: Promise<string | null>,
  notebook: { readonly file: string; readonly content: Buffer },
  env: Readonly<Record<string, string>>,
  signal: AbortSignal,
  log: Logger,
): Promise<string | null> {
  const kernelId = await untilAborted(kernel, signal);
  if (kernelId === null) return null;
  if (notebook.file.includes('/') || !wantsPooledKernel(notebook.content)) {
    await deleteKernel(server, kernelId);
    return null;
  }
  try {
    if (Object.keys(env).length > 0) await executeInKernel(server, kernelId, envCode(env), signal);
    await bindKernel(server, kernelId, notebook.file, signal);
    return kernelId;
  } catch (error) {
    if (signal.aborted) throw signal.reason as Error;
    log.warn('the pre-started kernel could not be bound; the page will start one', { error });
    await deleteKernel(server, kernelId);
    return null;
  }
}
