/**
 * CPU while starting, against a real backend and real Jupyter: a server starts with
 * `startCpuPercent` and holds the admin's `cpu_percent` by the time anyone gets it. The
 * hub's `setCpu` call is held (settle-gate.ts) so the test can look at the server while it
 * is started, answering and still boosted, and check that the session is not ready yet
 * (the proxy lets nobody in before `ready`). The quota is read from the backend itself:
 * the container's HostConfig.CpuQuota, the cgroup's cpu.cfs_quota_us. Not timed.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { ResourceLimits, SpawnerState } from '../../src/spawners/spawner.js';
import type { SpawnerUnderTest } from '../contract/spawner-contract.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { SettleGate } from '../helpers/settle-gate.js';

const boost = 200;

export function startCpuSuite(name: string, make: () => Promise<SpawnerUnderTest>): void {
  describe(`CPU while starting: ${name}`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    after(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    });

    async function hubWith(poolSize: number, held: boolean) {
      const sut = await make();
      cleanups.push(() => sut.cleanup());
      const gate = new SettleGate(sut.spawner);
      if (held) gate.hold();
      const hub = await startTestHub(
        { poolSize, maxSessions: 4, startCpuPercent: boost, poolCheckSeconds: 3600 },
        { spawner: gate.spawner },
      );
      cleanups.push(async () => {
        gate.release();
        await hub.close();
      });
      const cpu = async (state: SpawnerState) => {
        const limits: ResourceLimits | null | undefined = await sut.appliedLimits?.(state);
        assert.ok(limits, `${name} runs this server without limits`);
        return Math.round(limits.cpuPercent);
      };
      return { hub, gate, cpu };
    }

    const stateOf = (hub: TestHub, id: string) =>
      hub.hub.manager.get(id)!.record.spawnerState as SpawnerState;

    async function setCpuPercent(hub: TestHub, value: number): Promise<void> {
      const response = await hub.admin('api/admin/settings', {
        method: 'PUT',
        body: JSON.stringify({ cpu_percent: value }),
      });
      assert.equal(response.status, 200);
    }

    test('a cold start runs boosted until it answers, and is at cpu_percent once ready', async () => {
      const { hub, gate, cpu } = await hubWith(0, true);
      const visitor = hub.visitor();
      const { json } = await visitor.launch({ notebook: 'welcome.ipynb' });
      const id = String(json.id);
      const call = await gate.call(0);
      assert.equal(call.cpuPercent, 50, 'the drop is to the admin setting');
      assert.equal(await cpu(call.state), boost, 'boosted while starting');
      assert.equal(hub.hub.manager.get(id)!.record.state, 'starting', 'not ready before the drop');
      gate.release();
      await visitor.waitFor(id, 'ready', 120_000);
      assert.equal(await cpu(stateOf(hub, id)), 50);

      // The admin lowers cpu_percent: the next session gets the new value once ready.
      await setCpuPercent(hub, 30);
      const second = hub.visitor();
      const next = String((await second.launch({ notebook: 'welcome.ipynb' })).json.id);
      await second.waitFor(next, 'ready', 120_000);
      assert.equal(gate.calls[1]?.cpuPercent, 30);
      assert.equal(await cpu(stateOf(hub, next)), 30);
    });

    test('a pooled server settles before it is handed out, also after a cpu_percent change', async () => {
      const { hub, gate, cpu } = await hubWith(1, true);
      const pooledStart = await gate.call(0);
      assert.equal(await cpu(pooledStart.state), boost, 'the pooled start is boosted');
      assert.deepEqual(hub.hub.manager.pool!.answeringIds(), [], 'not ready in the pool yet');

      // A launch takes the pooled server while it is still starting (boosted): the
      // session waits for the drop before it is ready.
      const visitor = hub.visitor();
      const id = String((await visitor.launch({ notebook: 'welcome.ipynb' })).json.id);
      assert.equal(id, pooledStart.state.sessionId, 'the launch was a hand-out');
      assert.equal(hub.hub.manager.get(id)!.record.state, 'starting');
      gate.release();
      await visitor.waitFor(id, 'ready', 120_000);
      assert.equal(await cpu(stateOf(hub, id)), 50);

      // The admin changes cpu_percent: the next hand-out has the new value.
      await setCpuPercent(hub, 30);
      const deadline = Date.now() + 180_000;
      let pooled: string | undefined;
      for (;;) {
        const ready = hub.hub.manager.pool!.answeringIds();
        const fresh = gate.calls.find((c) => c.cpuPercent === 30);
        pooled = ready.find((r) => r === fresh?.state.sessionId);
        if (pooled) break;
        assert.ok(Date.now() < deadline, `no pooled server for the new value: ${ready.join()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const second = hub.visitor();
      const next = String((await second.launch({ notebook: 'welcome.ipynb' })).json.id);
      assert.equal(next, pooled, 'the launch was a hand-out');
      await second.waitFor(next, 'ready', 120_000);
      assert.equal(await cpu(stateOf(hub, next)), 30);
    });
  });
}
