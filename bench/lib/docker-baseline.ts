/**
 * The Docker peer: a plain `docker run` of the same image and server command, plus a
 * configurable-http-proxy route to it, polled through CHP until the server answers —
 * what JupyterHub + DockerSpawner + CHP do at their simplest.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { freePort } from '../../test/helpers/hub-process.js';
import { pollUntilOk } from './poll.js';
import type { Baseline } from './baseline.js';

const run = promisify(execFile);
const image = process.env.HUB_DOCKER_IMAGE ?? 'ckan-notebook-hub/notebook:latest';

export async function baselineDocker(runs: number): Promise<Baseline> {
  const proxyPort = await freePort();
  const apiPort = await freePort();
  const chp = spawn(
    'node_modules/.bin/configurable-http-proxy',
    [
      '--ip',
      '127.0.0.1',
      '--port',
      String(proxyPort),
      '--api-ip',
      '127.0.0.1',
      '--api-port',
      String(apiPort),
      '--log-level',
      'error',
    ],
    {
      env: { ...process.env, CONFIGPROXY_AUTH_TOKEN: 'bench-chp' },
      stdio: 'ignore',
    },
  );
  await new Promise((res) => setTimeout(res, 1500));
  const launch: number[] = [];
  const teardown: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const name = `cnh-bench-${process.pid}-${i}`;
      const base = `/user/bench${i}/`;
      const t0 = performance.now();
      await run('docker', [
        'run',
        '-d',
        '--rm',
        '--name',
        name,
        '--cpus',
        '0.5',
        '--memory',
        '1g',
        image,
        'python3',
        '-m',
        'notebook',
        '--no-browser',
        '--ip=0.0.0.0',
        '--port=8888',
        '--NotebookApp.token=bench',
        `--NotebookApp.base_url=${base}`,
        '--NotebookApp.allow_remote_access=True',
      ]);
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
      launch.push(performance.now() - t0);
      const t1 = performance.now();
      await run('docker', ['rm', '-f', name]);
      teardown.push(performance.now() - t1);
    }
  } finally {
    chp.kill();
  }
  return { name: '`docker run` + configurable-http-proxy route', launch, teardown };
}
