/**
 * The warm pool's pre-started kernel in Chromium: the visitor clicks "Run this notebook",
 * and Notebook 6's page in the session frame shows the kernel idle with the kernel the
 * pool started before the visitor came (its id in the page's `Jupyter.notebook.kernel`);
 * a cell runs in it, and the server never started a second kernel.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { launchFromPage, newPage, notebookReady, runFirstCell, screenshot, slow } from './ui.js';

let hub: TestHub;
let browser: Browser;
before(async () => {
  hub = await startTestHub({ poolSize: 1 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await hub?.close();
});

async function pooledKernel(): Promise<{ id: string; kernelId: string }> {
  const pool = hub.hub.manager.pool!;
  const deadline = Date.now() + slow;
  for (;;) {
    const [id] = pool.answeringIds();
    const kernelId = id ? pool.kernelOf(id) : null;
    if (id && kernelId) return { id, kernelId };
    assert.ok(Date.now() < deadline, 'the pool never had a ready server with a kernel');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('the notebook page shows the kernel idle, and it is the pre-started one', async () => {
  const { id, kernelId } = await pooledKernel();
  const { context, page } = await newPage(browser);
  try {
    await launchFromPage(page, hub.url, 'ocean-temperatures/plot-temperatures.ipynb');
    const frame = await notebookReady(page);
    const notebookFrame = page.frames().find((f) => f.url().includes(`/user/${id}/notebooks/`));
    assert.ok(notebookFrame, 'the session frame shows the pooled server');
    const pageKernel = await notebookFrame.evaluate(
      () =>
        (window as unknown as { Jupyter: { notebook: { kernel: { id: string } } } }).Jupyter
          .notebook.kernel.id,
    );
    assert.equal(pageKernel, kernelId, 'the page connected to the pre-started kernel');
    await screenshot(page, 'pooled-kernel-idle');
    assert.equal((await runFirstCell(page, frame, '6*7')).trim(), '42');

    const record = hub.hub.manager.live.get(id)!.record;
    const kernels = (await (
      await fetch(new URL(`${hub.hub.manager.baseUrl(id)}api/kernels`, record.target!), {
        headers: { authorization: `token ${record.token}` },
      })
    ).json()) as Array<{ id: string }>;
    assert.deepEqual(
      kernels.map((k) => k.id),
      [kernelId],
      'no second kernel was started',
    );
  } finally {
    await context.close();
  }
});
