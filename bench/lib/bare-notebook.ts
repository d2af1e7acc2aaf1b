/**
 * The baselines of the first-result benchmark: the same Notebook 6 server without the
 * hub, behind a configurable-http-proxy route, with the example's files in its folder.
 *   - docker: a bare `docker run` of the hub's notebook image with the hub's default
 *     limits (`--cpus 0.5 --memory 1g`), the files bind-mounted as the home folder;
 *   - local: `/usr/bin/python3 -m notebook` started plainly (no sandbox, no CPU limit).
 * `start` returns once the server answers `api/status` through CHP (what a spawner's
 * readiness poll does); `stop` removes the container or the process group.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { freePort } from '../../test/helpers/hub-process.js';
import type { Chp } from './chp.js';
import { onCleanup } from './cleanup.js';
import { exampleNotebook, exampleWorkspace } from './example-workspace.js';
import { pollUntilOk } from './poll.js';

const run = promisify(execFile);
const image = process.env.HUB_DOCKER_IMAGE ?? 'ckan-notebook-hub/notebook:latest';
/** Label on every container this benchmark starts, to sweep them even after a crash. */
export const benchLabel = `org.ckan-notebook-hub.bench=first-result-${process.pid}`;
const token = 'bench';

export interface BareNotebook {
  /** The notebook page through CHP, logged in by the token in the query. */
  readonly notebookUrl: string;
  stop(): Promise<void>;
}

export type BareKind = 'docker' | 'local';

export const bareNames: Record<BareKind, string> = {
  docker: '`docker run` (same image, `--cpus 0.5 --memory 1g`) + CHP route',
  local: '`python3 -m notebook`, plain (no sandbox, no CPU limit) + CHP route',
};

export async function startBare(kind: BareKind, index: number, chp: Chp): Promise<BareNotebook> {
  // One prefix for every run, like JupyterHub's /user/<name>/ across one user's servers
  // (so a returning visitor's browser cache applies to the baseline).
  const prefix = '/user/bench/';
  const workspace = exampleWorkspace(kind === 'docker' ? 1000 : undefined);
  const removeWorkspace = onCleanup('baseline workspace', () => workspace.remove());
  const server =
    kind === 'docker'
      ? await dockerServer(`cnh-first-result-${process.pid}-${index}`, prefix, workspace.dir)
      : await localServer(prefix, workspace.dir);
  await chp.addRoute(prefix, server.target);
  await pollUntilOk(`${chp.url}${prefix}api/status`, { authorization: `token ${token}` }, 120_000);
  return {
    notebookUrl: `${chp.url}${prefix}notebooks/${exampleNotebook}?token=${token}`,
    async stop() {
      await chp.deleteRoute(prefix).catch(() => undefined);
      await server.stop();
      await removeWorkspace();
    },
  };
}

async function dockerServer(name: string, prefix: string, dir: string) {
  await run('docker', [
    ...['run', '-d', '--rm', '--name', name, '--label', benchLabel],
    ...['--cpus', '0.5', '--memory', '1g', '-v', `${dir}:/home/jovyan`],
    ...[image, 'python3', '-m', 'notebook', '--no-browser', '--ip=0.0.0.0', '--port=8888'],
    `--NotebookApp.token=${token}`,
    `--NotebookApp.base_url=${prefix}`,
    '--NotebookApp.notebook_dir=/home/jovyan',
    '--NotebookApp.allow_remote_access=True',
  ]);
  const stop = onCleanup(`container ${name}`, async () => {
    await run('docker', ['rm', '-f', name]).catch(() => undefined);
  });
  const { stdout } = await run('docker', [
    ...['inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', name],
  ]);
  return { target: `http://${stdout.trim()}:8888`, stop };
}

async function localServer(prefix: string, dir: string) {
  const port = await freePort();
  const child = spawn(
    '/usr/bin/python3',
    [
      ...['-m', 'notebook', '--no-browser', '--allow-root', '--ip', '127.0.0.1'],
      ...['--port', String(port), `--NotebookApp.token=${token}`],
      `--NotebookApp.base_url=${prefix}`,
      `--NotebookApp.notebook_dir=${dir}`,
    ],
    { stdio: 'ignore', detached: true },
  );
  const stop = onCleanup(`notebook process ${child.pid}`, async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // The whole group: the server and the kernels it started.
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    kill('SIGTERM');
    const timer = setTimeout(() => kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
    kill('SIGKILL');
  });
  return { target: `http://127.0.0.1:${port}`, stop };
}

/** Removes every container of this benchmark run (idempotent; the crash-safe sweep). */
export async function sweepBenchContainers(): Promise<void> {
  const { stdout } = await run('docker', ['ps', '-aq', '--filter', `label=${benchLabel}`]);
  const ids = stdout.split('\n').filter(Boolean);
  if (ids.length > 0) await run('docker', ['rm', '-f', ...ids]);
}
