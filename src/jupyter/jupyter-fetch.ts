/**
 * One authenticated request to a Jupyter server's own REST API. The hub talks to the
 * server directly (not through its proxy), with the per-session token in the
 * `Authorization` header so it never appears in a URL or a log line.
 */

/** Where a Jupyter server lives: the origin the proxy forwards to, plus its base URL. */
export interface JupyterServer {
  /** Origin without a path, e.g. `http://127.0.0.1:41234`. */
  readonly target: string;
  /** Path prefix the server serves under, ending with `/` (e.g. `/user/abc/`). */
  readonly baseUrl: string;
  readonly token: string;
}

/** `{target}{baseUrl}{apiPath}`, with `apiPath` relative to the base URL (`api/status`). */
export function jupyterUrl(
  server: Pick<JupyterServer, 'target' | 'baseUrl'>,
  apiPath: string,
): string {
  const base = server.baseUrl.endsWith('/') ? server.baseUrl : `${server.baseUrl}/`;
  return `${server.target.replace(/\/+$/, '')}${base}${apiPath.replace(/^\/+/, '')}`;
}

/** Encodes each segment of a contents path (`data/my file.csv`), keeping the slashes. */
export function encodeContentsPath(path: string): string {
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .map(encodeURIComponent)
    .join('/');
}

/**
 * GET an API path with the token. Node's global fetch (undici) keeps connections alive
 * per origin, so repeated polls of one server reuse a socket.
 */
export function jupyterGet(
  server: JupyterServer,
  apiPath: string,
  signal?: AbortSignal,
): Promise<Response> {
  return fetch(jupyterUrl(server, apiPath), {
    headers: { authorization: `token ${server.token}`, accept: 'application/json' },
    redirect: 'manual',
    signal,
  });
}
