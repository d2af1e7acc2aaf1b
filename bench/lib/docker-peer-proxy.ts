/**
 * The Docker peers' front (docker-baseline.ts, docker-dataset-baseline.ts): one
 * configurable-http-proxy started plainly and given 1.5 s to listen, and a route through
 * its REST API to a named container's notebook server (port 8888, token `bench`), polled
 * through CHP until the server answers — as JupyterHub + DockerSpawner + CHP do it.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { freePort } from '../../test/helpers/hub-process.js';
import { pollUntilOk } from './poll.js';

const run = promisify(execFile);

export interface PeerProxy {
  /** Routes `base` (e.g. `/user/bench0/`) to container `name` and waits until it answers. */
  routeAndWait(name: string, base: string): Promise<void>;
  stop(): void;
}

export async function startPeerProxy(): Promise<PeerProxy> {
  const proxyPort = await freePort();
  const apiPort = await freePort();
  const chp = spawn(
    'node_modules/.bin/configurable-http-proxy',
    [
      ...['--ip', '127.0.0.1', '--port', String(proxyPort)],
      ...['--api-ip', '127.0.0.1', '--api-port', String(apiPort), '--log-level', 'error'],
    ],
    { env: { ...process.env, CONFIGPROXY_AUTH_TOKEN: 'bench-chp' }, stdio: 'ignore' },
  );
  await new Promise((res) => setTimeout(res, 1500));
  return {
    async routeAndWait(name, base) {
      const { stdout } = await run('docker', [
        'inspect',
        '-f',
        '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}',
        name,
      ]);
      await fetch(`http://127.0.0.1:${apiPort}/api/routes${base}`, {
        method: 'POST',
        headers: { authorization: 'token bench-chp' },
        body: JSON.stringify({ target: `http://${stdout.trim()}:8888` }),
      });
      await pollUntilOk(`http://127.0.0.1:${proxyPort}${base}api/status`, {
        authorization: 'token bench',
      });
    },
    stop: () => void chp.kill(),
  };
}
