import { HubError } from '../errors/hub-error.js';
import { encodeContentsPath, jupyterGet } from './jupyter-fetch.js';

/**
 * The current content of a notebook as its server holds it (`GET api/contents/<path>
 * ?type=notebook&content=1`), serialised the way nbformat writes .ipynb files (keys
 * sorted, one-space indent, trailing newline) so a downloaded copy diffs cleanly with
 * one saved by Jupyter. Throws `HubError('notebook_not_found')` for a missing path and
 * `HubError('server_unavailable')` for any other failure.
 */
export async function readNotebook(
  target: string,
  baseUrl: string,
  token: string,
  path: string,
  signal?: AbortSignal,
): Promise<Buffer> {
  const apiPath = `api/contents/${encodeContentsPath(path)}?type=notebook&content=1`;
  let model: { content?: unknown };
  try {
    const response = await jupyterGet({ target, baseUrl, token }, apiPath, signal);
    if (response.status === 404) {
      await response.body?.cancel();
      throw new HubError('notebook_not_found');
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new Error(`api/contents answered HTTP ${response.status}`);
    }
    model = (await response.json()) as { content?: unknown };
  } catch (error) {
    if (error instanceof HubError) throw error;
    if (signal?.aborted) throw signal.reason;
    throw new HubError('server_unavailable', { cause: error });
  }
  if (typeof model.content !== 'object' || model.content === null) {
    throw new HubError('notebook_invalid');
  }
  return Buffer.from(`${JSON.stringify(sortKeys(model.content), null, 1)}\n`, 'utf8');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  }
  return sorted;
}
