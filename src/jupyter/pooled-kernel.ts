/**
 * The Jupyter side of a pooled server's pre-started kernel (see warm-pool.ts):
 * - `startKernel`: `POST api/kernels {name: python3}`. Started with no path, the kernel's
 *   working folder is the server's root, the workspace, where the hand-out puts the
 *   notebook and its data (notebook files never have a folder: ResolvedNotebook.fileName).
 * - `bindKernel`: `POST api/sessions {path, type: notebook, kernel: {id}}` (Notebook 6.4
 *   and Jupyter Server create the session around the running kernel). The notebook page
 *   asks the same endpoint for its path and gets this session back, so it connects to the
 *   warm kernel and no second one is started.
 * - `deleteKernel`: best-effort `DELETE api/kernels/<id>`, for a kernel the hand-out does
 *   not bind (it must not idle in the visitor's server).
 * Plus the code the hub runs in it: the pre-imports, and the notebook's environment.
 */
import { jupyterUrl, type JupyterServer } from './jupyter-fetch.js';

export const POOLED_KERNEL_NAME = 'python3';

export async function startKernel(server: JupyterServer, signal: AbortSignal): Promise<string> {
  const response = await post(server, 'api/kernels', { name: POOLED_KERNEL_NAME }, signal);
  const body = (await response.json().catch(() => null)) as { id?: unknown } | null;
  if (response.status !== 201 || typeof body?.id !== 'string')
    throw new Error(`POST api/kernels answered HTTP ${response.status}`);
  return body.id;
}

/** Creates the Jupyter session for the notebook at `path` around the kernel `kernelId`. */
export async function bindKernel(
  server: JupyterServer,
  kernelId: string,
  path: string,
  signal: AbortSignal,
): Promise<void> {
  const model = { path, type: 'notebook', name: '', kernel: { id: kernelId } };
  const response = await post(server, 'api/sessions', model, signal);
  const body = (await response.json().catch(() => null)) as { kernel?: { id?: unknown } } | null;
  if (response.status !== 201)
    throw new Error(`POST api/sessions answered HTTP ${response.status}`);
  if (body?.kernel?.id !== kernelId)
    throw new Error(`the session for ${path} has another kernel than the pre-started one`);
}

export async function deleteKernel(server: JupyterServer, kernelId: string): Promise<void> {
  try {
    const response = await fetch(
      jupyterUrl(server, `api/kernels/${encodeURIComponent(kernelId)}`),
      {
        method: 'DELETE',
        headers: { authorization: `token ${server.token}` },
        signal: AbortSignal.timeout(10_000),
      },
    );
    await response.body?.cancel();
  } catch {
    // Best effort: the server ends with the session anyway, and its kernels with it.
  }
}

/**
 * `import a.b` for each module; afterwards the names they bound are dropped (even when an
 * import failed), so the visitor's namespace stays empty. The names are validated dotted
 * identifiers (config/parsers/lists.ts moduleNames), which is what makes putting them
 * into code safe; checked again here.
 */
export function importCode(modules: readonly string[]): string {
  const valid = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
  for (const name of modules) if (!valid.test(name)) throw new Error(`bad module name ${name}`);
  if (modules.length === 0) return 'pass';
  const roots = [...new Set(modules.map((m) => m.split('.')[0]))];
  return [
    'try:',
    ...modules.map((m) => `    import ${m}`),
    'finally:',
    ...roots.map((r) => `    globals().pop('${r}', None)`),
    '',
  ].join('\n');
}

/**
 * Puts `env` into the kernel's `os.environ`: a JSON object of strings is a valid Python
 * dict literal. Also the body of the hand-out's IPython start-up file (start-server.ts).
 */
export function envCode(env: Readonly<Record<string, string>>): string {
  return `import os\nos.environ.update(${JSON.stringify(env)})\ndel os\n`;
}

/** Whether a notebook's `metadata.kernelspec` is absent or names the pooled kernel. */
export function wantsPooledKernel(content: Buffer): boolean {
  try {
    const notebook = JSON.parse(content.toString('utf8')) as {
      metadata?: { kernelspec?: { name?: unknown } };
    };
    const name = notebook.metadata?.kernelspec?.name;
    return name === undefined || name === POOLED_KERNEL_NAME;
  } catch {
    return false;
  }
}

function post(
  server: JupyterServer,
  apiPath: string,
  body: unknown,
  signal: AbortSignal,
): Promise<Response> {
  return fetch(jupyterUrl(server, apiPath), {
    method: 'POST',
    headers: { authorization: `token ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    redirect: 'manual',
    signal,
  });
}
