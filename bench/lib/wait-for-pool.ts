/** Waits until the hub's warm pool holds `size` answering servers (a condition, not a sleep). */
import type { TestHub } from '../../test/helpers/hub.js';

export async function waitForPool(hub: TestHub, size: number, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pool = hub.hub.manager.pool;
  if (!pool || size === 0) return;
  while (pool.answeringIds().length < size) {
    if (Date.now() > deadline)
      throw new Error(
        `the warm pool has ${pool.answeringIds().length} of ${size} after ${timeoutMs} ms`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
