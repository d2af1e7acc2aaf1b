/**
 * The shared spawner contract suite (see `src/spawners/spawner.ts`). Every spawner runs
 * it against the real backend: `runSpawnerContract('docker', makeDockerSpawner)`.
 * It starts at most two notebook servers at a time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ResourceLimits, Spawner, SpawnerState } from '../../src/spawners/spawner.js';
import { executeCode } from '../helpers/kernel.js';
import { minimalNotebook, writeFiles } from '../helpers/notebook-files.js';
import { makeTempDir, type TempDir } from '../helpers/temp-dir.js';
import { ContractSessions, type Launched } from './contract-sessions.js';

/** A spawner set up for the suite, with hooks into its backend where the suite needs them. */
export interface SpawnerUnderTest {
  readonly spawner: Spawner;
  /** Removes whatever the harness created (data folders, networks); runs after every session is stopped. */
  cleanup(): Promise<void>;
  /** Limits the backend really holds for a server (cgroup files, container inspect); null when the spawner runs it without limits. */
  appliedLimits?(state: SpawnerState): Promise<ResourceLimits | null>;
  /** Anything of a session still on the host after it ended (folders, cgroups, containers), described; [] when clean. */
  leftovers?(sessionId: string): Promise<string[]>;
}

export const contractLimits: ResourceLimits = {
  cpuPercent: 50,
  memoryBytes: 512 * 1024 * 1024,
  pidsLimit: 128,
};

/** Registers the contract tests for one spawner. */
export function runSpawnerContract(
  name: string,
  makeSpawner: () => Promise<SpawnerUnderTest>,
): void {
  describe(`spawner contract: ${name}`, () => {
    let sut: SpawnerUnderTest;
    let sessions: ContractSessions;
    let files: TempDir;
    let shared: Launched;
    const hubSecret = 'CNH_CONTRACT_HUB_SECRET';

    before(async () => {
      sut = await makeSpawner();
      files = await makeTempDir('contract-files');
      await writeFiles(files.path, {
        'hello.ipynb': minimalNotebook('print(6 * 7)'),
        'data/table.csv': 'a,b\n1,2\n',
      });
      sessions = new ContractSessions(sut, contractLimits);
      // Set in the hub's own environment while the server starts: it must not reach the session.
      process.env[hubSecret] = 'the-hub-secret';
      try {
        shared = await sessions.launch({
          env: { CNH_CONTRACT_VALUE: 'from-the-spec' },
          filesDir: files.path,
        });
      } finally {
        delete process.env[hubSecret];
      }
      await sessions.ready(shared);
    });

    after(async () => {
      await sessions?.stopAll();
      await sut?.cleanup();
      await files?.remove();
    });

    test('start resolves with an origin, and the server answers api/status with the token', async () => {
      assert.match(shared.started.url, /^https?:\/\/[^/]+$/);
      assert.equal((await sessions.get(shared, 'api/status')).status, 200);
    });

    test('the server refuses requests without the token or with a wrong one', async () => {
      const headerSets: Record<string, string>[] = [{}, { authorization: 'token not-the-token' }];
      for (const headers of headerSets) {
        for (const path of ['api/status', 'api/contents', 'api/kernels']) {
          const response = await fetch(sessions.url(shared, path), { headers, redirect: 'manual' });
          await response.body?.cancel();
          assert.ok([401, 403].includes(response.status), `${path}: HTTP ${response.status}`);
        }
      }
    });

    test('a kernel executes 6*7 over the channels WebSocket', async () => {
      assert.equal((await executeCode(sessions.endpoint(shared), 'print(6 * 7)')).trim(), '42');
    });

    test('the environment comes from the spec, never from the hub', async () => {
      const code = `import os; print(os.environ.get('CNH_CONTRACT_VALUE'), os.environ.get('${hubSecret}'))`;
      assert.equal(
        (await executeCode(sessions.endpoint(shared), code)).trim(),
        'from-the-spec None',
      );
    });

    test('the files of filesDir are served, and addFiles adds more', async () => {
      const notebook = await (await sessions.get(shared, 'api/contents/hello.ipynb')).json();
      assert.equal(notebook.type, 'notebook');
      assert.equal(await sessions.fileText(shared, 'data/table.csv'), 'a,b\n1,2\n');
      const more = await makeTempDir('contract-more');
      try {
        await writeFiles(more.path, {
          'second.ipynb': minimalNotebook('1'),
          'data/more.csv': 'c\n3\n',
        });
        await sut.spawner.addFiles(shared.started.state, more.path);
      } finally {
        await more.remove();
      }
      assert.equal((await sessions.get(shared, 'api/contents/second.ipynb')).status, 200);
      assert.equal(await sessions.fileText(shared, 'data/more.csv'), 'c\n3\n');
      assert.equal(await sessions.fileText(shared, 'data/table.csv'), 'a,b\n1,2\n');
    });

    test('poll says running, and listOwned finds the server with its URL', async () => {
      assert.deepEqual(await sut.spawner.poll(shared.started.state), { running: true });
      const owned = (await sut.spawner.listOwned()).find(
        (o) => o.sessionId === shared.spec.sessionId,
      );
      assert.ok(owned, 'listOwned does not list the running server');
      assert.equal(owned.running, true);
      assert.equal(owned.url, shared.started.url);
    });

    test('the limits of the spec are applied where the spawner applies limits', async (t) => {
      if (!sut.appliedLimits) return t.skip('this harness has no way to read applied limits');
      const applied = await sut.appliedLimits(shared.started.state);
      if (applied === null) return t.diagnostic(`${name} runs this server without limits`);
      assert.equal(applied.memoryBytes, contractLimits.memoryBytes);
      assert.equal(applied.pidsLimit, contractLimits.pidsLimit);
      assert.ok(
        Math.abs(applied.cpuPercent - contractLimits.cpuPercent) < 0.5,
        `cpu ${applied.cpuPercent}%`,
      );
      // The process limit is enforced, not only written down.
      const code = [
        'import subprocess',
        'procs, failed = [], 0',
        'for _ in range(200):',
        '    try: procs.append(subprocess.Popen(["sleep", "60"]))',
        '    except OSError: failed += 1',
        'for p in procs: p.kill(); p.wait()',
        'print(len(procs), failed)',
      ].join('\n');
      const [started, failed] = (await executeCode(sessions.endpoint(shared), code))
        .trim()
        .split(' ')
        .map(Number);
      assert.ok(
        started! < contractLimits.pidsLimit && failed! > 0,
        `started ${started}, failed ${failed}`,
      );
    });

    test('setCpu, where implemented, changes the CPU share of a running server in place', async (t) => {
      if (!sut.spawner.setCpu) return t.skip(`${name} has no setCpu (optional)`);
      const setCpu = (percent: number) => sut.spawner.setCpu!(shared.started.state, percent);
      const cpuNow = async () => (await sut.appliedLimits?.(shared.started.state))?.cpuPercent;
      try {
        await setCpu(150);
        const raised = await cpuNow();
        if (raised !== undefined) assert.ok(Math.abs(raised - 150) < 0.5, `cpu ${raised}%`);
      } finally {
        await setCpu(contractLimits.cpuPercent);
      }
      const settled = await cpuNow();
      if (settled !== undefined)
        assert.ok(Math.abs(settled - contractLimits.cpuPercent) < 0.5, `cpu ${settled}%`);
      assert.equal((await sessions.get(shared, 'api/status')).status, 200);
      // A state naming a server that does not exist (or is not this one) is refused.
      const nobody = { ...shared.started.state, sessionId: 'neverstarted' };
      if (settled !== undefined) await assert.rejects(sut.spawner.setCpu(nobody, 50));
    });

    test('usage reports numbers or nulls', async (t) => {
      if (!sut.spawner.usage) return t.skip(`${name} does not report usage`);
      const usage = await sut.spawner.usage(shared.started.state);
      for (const value of [usage.cpuPercent, usage.memoryBytes]) {
        assert.ok(
          value === null || (Number.isFinite(value) && value >= 0),
          `usage ${JSON.stringify(usage)}`,
        );
      }
      if (sut.appliedLimits && (await sut.appliedLimits(shared.started.state)) !== null) {
        assert.ok((usage.memoryBytes ?? 0) > 0, 'a limited server reports its memory');
      }
    });

    test('stop ends the server; poll and listOwned agree; stopping twice is fine', async () => {
      const launched = await sessions.launch();
      await sessions.ready(launched);
      await sut.spawner.stop(launched.started.state);
      assert.equal((await sut.spawner.poll(launched.started.state)).running, false);
      await sut.spawner.stop(launched.started.state);
      assert.equal((await sut.spawner.poll(launched.started.state)).running, false);
      await assert.rejects(sessions.get(launched, 'api/status'));
      await sessions.assertNothingLeft(launched.spec.sessionId);
    });

    test('stop and poll of a state this spawner never started are fine', async () => {
      for (const state of [
        {},
        { sessionId: 'neverstarted' },
        { kind: name, sessionId: 'neverstarted' },
      ]) {
        await sut.spawner.stop(state);
        assert.equal((await sut.spawner.poll(state)).running, false);
      }
    });

    test('a server that dies on its own is reported not running', async () => {
      const launched = await sessions.launch();
      await sessions.ready(launched);
      const code =
        'import os, signal, threading\nthreading.Timer(0.3, os.kill, (os.getppid(), signal.SIGKILL)).start()';
      await executeCode(sessions.endpoint(launched), code);
      const status = await sessions.pollUntilStopped(launched);
      assert.equal(status.running, false);
      assert.ok(
        status.reason === 'exited' || status.reason === 'missing',
        `reason ${status.reason}`,
      );
      const owned = (await sut.spawner.listOwned()).find(
        (o) => o.sessionId === launched.spec.sessionId,
      );
      assert.notEqual(owned?.running, true);
      await sut.spawner.stop(launched.started.state);
      await sessions.assertNothingLeft(launched.spec.sessionId);
    });

    for (const [when, abortAfter] of [
      ['before start is called', 'before'],
      ['right after start is called', 'sync'],
      ['while start is working', 'later'],
    ] as const) {
      test(`start honours an abort ${when}`, async () => {
        const reason = new Error(`aborted ${when}`);
        const { sessionId, outcome } = await sessions.launchAborted(reason, abortAfter);
        if (abortAfter !== 'later' || outcome.rejected) assert.equal(outcome.error, reason);
        await sessions.assertNothingLeft(sessionId);
      });
    }
  });
}
