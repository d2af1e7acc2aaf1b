/**
 * The Docker peer of a dataset launch: a plain `docker run` of the same image and server
 * command with the same CPU and memory limits, then `docker cp` of the same files (the
 * starter notebook and `data/`, materialized once beforehand, so the peer does no CKAN
 * fetching), a configurable-http-proxy route, polled through CHP until the server
 * answers. Then the same starter run the hub's session gets: `nbconvert --execute` with
 * `docker exec` in that container. Everything it starts is named `cnh-bench-ds-<pid>-*`
 * and removed.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startPeerProxy } from './docker-peer-proxy.js';

const run = promisify(execFile);
const image = process.env.HUB_DOCKER_IMAGE ?? 'ckan-notebook-hub/notebook:latest';
const home = '/home/jovyan';

export interface DatasetBaseline {
  readonly launch: number[];
  readonly starter: number[];
}

/**
 * `filesDir`: the session folder (owned by uid 1000, copied with its owners); `starter`:
 * the notebook's file name in it; `env`: the session's environment (CKAN_SITE_URL …).
 */
export async function baselineDockerDataset(
  filesDir: string,
  starter: string,
  env: Readonly<Record<string, string>>,
  runs: number,
  settleMs: number,
): Promise<DatasetBaseline> {
  const chp = await startPeerProxy();
  const launch: number[] = [];
  const starterMs: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const name = `cnh-bench-ds-${process.pid}-${i}`;
      const base = `/user/benchds${i}/`;
      try {
        const t0 = performance.now();
        await run('docker', [
          ...['run', '-d', '--rm', '--name', name, '--cpus', '0.5', '--memory', '1g'],
          ...['--user', '1000', '--workdir', home],
          ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
          image,
          ...['python3', '-m', 'notebook', '--no-browser', '--ip=0.0.0.0', '--port=8888'],
          '--NotebookApp.token=bench',
          `--NotebookApp.base_url=${base}`,
          `--NotebookApp.notebook_dir=${home}`,
          '--NotebookApp.allow_remote_access=True',
        ]);
        await run('docker', ['cp', '-a', `${filesDir}/.`, `${name}:${home}/`]);
        await chp.routeAndWait(name, base);
        launch.push(performance.now() - t0);
        const t1 = performance.now();
        const nb = await run(
          'docker',
          [
            ...['exec', '-w', home, name, 'python3', '-m', 'nbconvert', '--to', 'notebook'],
            ...['--execute', '--ExecutePreprocessor.timeout=600', '--stdout', starter],
          ],
          { maxBuffer: 256 * 1024 * 1024 },
        );
        if (!nb.stdout.includes('"nbformat"')) throw new Error(nb.stderr.slice(-2000));
        starterMs.push(performance.now() - t1);
      } finally {
        await run('docker', ['rm', '-f', name]).catch(() => {});
      }
      await new Promise((res) => setTimeout(res, settleMs));
    }
  } finally {
    chp.stop();
  }
  return { launch, starter: starterMs };
}
