/**
 * configurable-http-proxy (the proxy JupyterHub uses) as the baseline's front: one
 * instance, routes added through its REST API as JupyterHub does.
 */
import { freePort } from '../../test/helpers/hub-process.js';
import { startListeningChild } from './child-server.js';
import { onCleanup } from './cleanup.js';

export interface Chp {
  /** The proxy's public base URL, e.g. `http://127.0.0.1:PORT`. */
  readonly url: string;
  addRoute(prefix: string, target: string): Promise<void>;
  deleteRoute(prefix: string): Promise<void>;
  stop(): Promise<void>;
}

const token = 'bench-chp';

export async function startChp(): Promise<Chp> {
  const port = await freePort();
  const apiPort = await freePort();
  const server = await startListeningChild(
    'node_modules/.bin/configurable-http-proxy',
    [
      ...['--ip', '127.0.0.1', '--port', String(port)],
      ...['--api-ip', '127.0.0.1', '--api-port', String(apiPort)],
      ...['--log-level', 'error'],
    ],
    port,
    { ...process.env, CONFIGPROXY_AUTH_TOKEN: token },
  );
  const stop = onCleanup('configurable-http-proxy', () => server.stop());
  const api = async (method: string, prefix: string, body?: unknown) => {
    const r = await fetch(`http://127.0.0.1:${apiPort}/api/routes${prefix}`, {
      method,
      headers: { authorization: `token ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    await r.arrayBuffer();
    if (!r.ok) throw new Error(`CHP ${method} ${prefix}: ${r.status}`);
  };
  return {
    url: `http://127.0.0.1:${port}`,
    addRoute: (prefix, target) => api('POST', prefix, { target }),
    deleteRoute: (prefix) => api('DELETE', prefix),
    stop,
  };
}
