/**
 * A notebook as its server holds it on disk, as a stream, for "Download my copy": the
 * size comes from `api/contents/<path>?content=0`, the bytes from `files/<path>` (Notebook's
 * file handler streams from disk). Nothing is buffered whole. Jupyter's answers are
 * reported as they are: 404 → `notebook_not_found`, another status → `server_error` (502,
 * naming the status), no answer → `server_unavailable`, bigger than `maxBytes` →
 * `download_too_large`, a path that is not a notebook → `bad_request`.
 */
import { HubError } from '../errors/hub-error.js';
import { formatBytes } from '../net/format-bytes.js';
import { encodeContentsPath, jupyterUrl, type JupyterServer } from './jupyter-fetch.js';

export interface NotebookStream {
  /** Size in bytes as Jupyter reported it (null when it did not). */
  readonly size: number | null;
  readonly body: ReadableStream<Uint8Array>;
}

export async function openNotebookStream(
  server: JupyterServer,
  path: string,
  maxBytes: number,
  headersTimeoutMs: number,
): Promise<NotebookStream> {
  const encoded = encodeContentsPath(path);
  const model = (await (
    await request(server, `api/contents/${encoded}?content=0`, headersTimeoutMs)
  ).json()) as {
    type?: unknown;
    size?: unknown;
  };
  if (model.type !== 'notebook')
    throw new HubError('bad_request', { message: 'Name a notebook (.ipynb) of the session.' });
  const size = typeof model.size === 'number' ? model.size : null;
  if (size !== null && size > maxBytes) throw tooLarge(size, maxBytes);
  const response = await request(server, `files/${encoded}`, headersTimeoutMs);
  if (!response.body)
    throw new HubError('server_error', { message: 'The notebook server sent no file.' });
  return { size, body: response.body };
}

export function tooLarge(size: number | null, maxBytes: number): HubError {
  const what = size === null ? 'This notebook' : `This notebook (${formatBytes(size)})`;
  return new HubError('download_too_large', {
    message:
      `${what} is larger than the download limit of ${formatBytes(maxBytes)}. ` +
      'Clear large outputs and save, then try again; or use File › Download as in the notebook.',
    details: { max_bytes: maxBytes, ...(size === null ? {} : { size }) },
  });
}

/** GET with the token; the timeout covers the response head only, not the body. */
async function request(
  server: JupyterServer,
  apiPath: string,
  timeoutMs: number,
): Promise<Response> {
  const abort = new AbortController();
  const timer = setTimeout(
    () => abort.abort(new Error(`no answer within ${timeoutMs} ms`)),
    timeoutMs,
  );
  let response: Response;
  try {
    response = await fetch(jupyterUrl(server, apiPath), {
      headers: { authorization: `token ${server.token}` },
      redirect: 'manual',
      signal: abort.signal,
    });
  } catch (cause) {
    throw new HubError('server_unavailable', { cause });
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 200) return response;
  await response.body?.cancel();
  if (response.status === 404) throw new HubError('notebook_not_found');
  throw new HubError('server_error', {
    message: `The notebook server could not read the notebook (it answered HTTP ${response.status}).`,
  });
}
