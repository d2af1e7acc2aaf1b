import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { kernelsBusy } from '../../src/jupyter/kernels-busy.js';
import { readNotebook } from '../../src/jupyter/read-notebook.js';
import { waitUntilReady } from '../../src/jupyter/wait-until-ready.js';
import { LocalSpawner } from '../../src/spawners/local/local-spawner.js';
import type { StartedServer } from '../../src/spawners/spawner.js';
import { contractLimits } from '../contract/spawner-contract.js';
import { ContractSessions, type Launched } from '../contract/contract-sessions.js';
import { deleteKernel, executeCode, startKernel, type JupyterEndpoint } from '../helpers/kernel.js';
import { minimalNotebook, writeFiles } from '../helpers/notebook-files.js';
import { makeTempDir, type TempDir } from '../helpers/temp-dir.js';
import { makeLocalHarness, type LocalHarness } from './local-harness.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const asRoot = process.getuid?.() === 0;

describe('local spawner lifecycle', () => {
  let harness: LocalHarness;
  let sessions: ContractSessions;
  let files: TempDir;
  let a: Launched;

  before(async () => {
    harness = await makeLocalHarness();
    sessions = new ContractSessions(harness, contractLimits);
    files = await makeTempDir('lifecycle-files');
    await writeFiles(files.path, { 'hello.ipynb': minimalNotebook('print(6 * 7)') });
    a = await sessions.launch({ filesDir: files.path });
    await sessions.ready(a);
  });

  after(async () => {
    await sessions?.stopAll();
    await harness?.cleanup();
    await files?.remove();
  });

  test('the Jupyter client reads a notebook back and tells a busy kernel from idle ones', async () => {
    const { url } = a.started;
    const { baseUrl, token } = a.spec;
    const text = (await readNotebook(url, baseUrl, token, 'hello.ipynb')).toString('utf8');
    assert.equal(JSON.parse(text).cells[0].source, 'print(6 * 7)');
    assert.ok(text.endsWith('}\n') && text.startsWith('{\n "cells": ['), text.slice(0, 40));
    const endpoint = sessions.endpoint(a);
    const kernelId = await startKernel(endpoint);
    try {
      // The server learns a kernel's state from its IOPub messages, on a subscription that
      // may join late (ZeroMQ's slow joiner): run code until the server has seen one.
      for (
        let tries = 0;
        tries < 50 && (await kernelState(endpoint, kernelId)) !== 'idle';
        tries++
      ) {
        await executeCode(endpoint, 'pass', { kernelId });
      }
      assert.equal(await kernelsBusy(url, baseUrl, token), false);
      const running = executeCode(endpoint, 'import time\ntime.sleep(60)', { kernelId });
      running.catch(() => undefined);
      const deadline = performance.now() + 30_000;
      while (!(await kernelsBusy(url, baseUrl, token)) && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal(await kernelsBusy(url, baseUrl, token), true);
      const interrupt = await fetch(new URL(`api/kernels/${kernelId}/interrupt`, endpoint.url), {
        method: 'POST',
        headers: endpoint.headers,
      });
      assert.equal(interrupt.status, 204);
      await assert.rejects(running, /KeyboardInterrupt/);
    } finally {
      await deleteKernel(endpoint, kernelId);
    }
  });

  test('a server outlives the process that started it and a new spawner on the data folder adopts it', async (t) => {
    const spec = sessions.spec();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'test/spawners/local-start-in-child.ts',
        JSON.stringify({ options: harness.options, spec }),
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    t.after(() => child.kill('SIGKILL'));
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const started = JSON.parse(line) as StartedServer;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;

    const adopter = new LocalSpawner(harness.options);
    const owned = (await adopter.listOwned()).find((o) => o.sessionId === spec.sessionId);
    assert.ok(owned, 'the new spawner does not find the server');
    t.after(() => adopter.stop(owned.state));
    assert.equal(owned.running, true);
    assert.equal(owned.url, started.url);
    const signal = new AbortController().signal;
    await waitUntilReady(owned.url!, spec.baseUrl, spec.token, { signal, timeoutMs: 60_000 });
    const output = await executeCode(owned.url!, spec.baseUrl, spec.token, 'print(6 * 7)');
    assert.equal(output.trim(), '42');
    assert.deepEqual(await adopter.poll(owned.state), { running: true });
    await adopter.stop(owned.state);
    assert.equal((await adopter.poll(started.state)).running, false);
    assert.deepEqual(await harness.leftovers!(spec.sessionId), []);
  });

  test('exceeding the memory limit ends only that session, and poll says oom', async (t) => {
    if (!asRoot) return t.skip('not root: no cgroups, so no memory limit to exceed');
    const small = await sessions.launch({
      limits: { ...contractLimits, memoryBytes: 256 * 1024 * 1024 },
    });
    await sessions.ready(small);
    // 400 MiB of touched pages: more than the whole session may use.
    const hog = executeCode(
      sessions.endpoint(small),
      "block = b'x' * (400 * 1024 * 1024)\nprint('survived')",
    );
    hog.catch(() => undefined);
    const status = await sessions.pollUntilStopped(small);
    assert.deepEqual(status, { running: false, reason: 'oom' });
    await assert.rejects(hog);
    assert.deepEqual(await harness.spawner.poll(a.started.state), { running: true });
    assert.equal((await executeCode(sessions.endpoint(a), 'print(6 * 7)')).trim(), '42');
    await harness.spawner.stop(small.started.state);
    assert.deepEqual(await harness.leftovers!(small.spec.sessionId), []);
  });
});

async function kernelState(endpoint: JupyterEndpoint, kernelId: string): Promise<unknown> {
  const response = await fetch(new URL(`api/kernels/${kernelId}`, endpoint.url), {
    headers: endpoint.headers,
  });
  return ((await response.json()) as { execution_state?: unknown }).execution_state;
}
