/** The peers a hub launch is compared with: the bare server start the spawner wraps. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../test/helpers/hub-process.js';
import { pollUntilOk } from './poll.js';

import type { Baseline } from './baseline.js';

export type { Baseline };

/** `python3 -m notebook` started directly (no sandbox, no hub), polled until it answers. */
export async function baselineLocal(runs: number): Promise<Baseline> {
  const launch: number[] = [];
  const teardown: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'cnh-bench-'));
    const port = await freePort();
    const t0 = performance.now();
    const child = spawn(
      '/usr/bin/python3',
      [
        '-m',
        'notebook',
        '--no-browser',
        '--allow-root',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--NotebookApp.token=bench',
        '--NotebookApp.base_url=/user/bench/',
        `--NotebookApp.notebook_dir=${dir}`,
      ],
      { stdio: 'ignore' },
    );
    await pollUntilOk(`http://127.0.0.1:${port}/user/bench/api/status`, {
      authorization: 'token bench',
    });
    launch.push(performance.now() - t0);
    const t1 = performance.now();
    const exited = new Promise((res) => child.once('exit', res));
    child.kill('SIGTERM');
    await exited;
    teardown.push(performance.now() - t1);
    rmSync(dir, { recursive: true, force: true });
  }
  return { name: 'python3 -m notebook, unsandboxed', launch, teardown };
}

export { baselineDocker } from './docker-baseline.js';
