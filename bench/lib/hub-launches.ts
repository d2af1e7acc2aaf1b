/**
 * Launches through a running hub, timed the way a visitor sees them: from `POST
 * /api/sessions` until the session's `api/status` answers through the hub's proxy; then
 * the session is ended (teardown timed too). Between launches the pool refills.
 */
import type { TestHub } from '../../test/helpers/hub.js';

export async function hubLaunches(
  hub: TestHub,
  count: number,
  settle: () => Promise<void>,
): Promise<{ launch: number[]; teardown: number[] }> {
  const launch: number[] = [];
  const teardown: number[] = [];
  for (let i = 0; i < count; i++) {
    const visitor = hub.visitor();
    const t0 = performance.now();
    const { status, json } = await visitor.launch({ notebook: 'welcome.ipynb' });
    if (status !== 201 && status !== 202)
      throw new Error(`launch: ${status} ${JSON.stringify(json)}`);
    const id = String(json.id);
    for (;;) {
      const r = await visitor.fetch(`user/${id}/api/status`);
      await r.arrayBuffer();
      if (r.status === 200) break;
      await new Promise((res) => setTimeout(res, 10));
    }
    launch.push(performance.now() - t0);
    const t1 = performance.now();
    await hub.hub.manager.end(id, 'visitor');
    teardown.push(performance.now() - t1);
    await settle();
  }
  return { launch, teardown };
}

/** Resolves once the hub's warm pool holds `size` answering servers (or after `timeoutMs`). */
export async function poolFull(hub: TestHub, size: number, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((hub.hub.manager.pool?.answeringIds().length ?? 0) < size) {
    if (Date.now() > deadline) throw new Error(`the warm pool did not fill to ${size}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}
