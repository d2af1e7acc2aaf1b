/**
 * The Docker peer: a plain `docker run` of the same image and server command, plus a
 * configurable-http-proxy route to it, polled through CHP until the server answers —
 * what JupyterHub + DockerSpawner + CHP do at their simplest.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Baseline } from './baseline.js';
import { startPeerProxy } from './docker-peer-proxy.js';

const run = promisify(execFile);
const image = process.env.HUB_DOCKER_IMAGE ?? 'ckan-notebook-hub/notebook:latest';

export async function baselineDocker(runs: number): Promise<Baseline> {
  const chp = await startPeerProxy();
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
      await chp.routeAndWait(name, base);
      launch.push(performance.now() - t0);
      const t1 = performance.now();
      await run('docker', ['rm', '-f', name]);
      teardown.push(performance.now() - t1);
    }
  } finally {
    chp.stop();
  }
  return { name: '`docker run` + configurable-http-proxy route', launch, teardown };
}
