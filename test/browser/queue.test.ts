/**
 * Capacity 1, two visitors in separate browser contexts: the second sees its place in the
 * queue; when the first ends their session, the second's page starts the session by
 * itself (server-sent events), with no reload, and shows the notebook.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import {
  assertInOrder,
  confirmAction,
  launchFromPage,
  newPage,
  notebookReady,
  recordStages,
  screenshot,
  stagesSeen,
} from './ui.js';

describe('with capacity 1, a second visitor waits in the queue', () => {
  let hub: TestHub;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let first: Page;
  let second: Page;

  before(async () => {
    hub = await startTestHub({ maxSessions: 1 });
    browser = await launchBrowser();
    for (let i = 0; i < 2; i++) contexts.push((await newPage(browser)).context);
    first = contexts[0]!.pages()[0]!;
    second = contexts[1]!.pages()[0]!;
  });
  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await hub?.close();
  });

  it('the first visitor gets the only session', async () => {
    await launchFromPage(first, hub.url, 'welcome.ipynb');
    await notebookReady(first);
  });

  it('the second sees the hub full, then "position 1 in the queue" after launching', async () => {
    await second.goto(`${hub.url}run/notebooks/ocean-temperatures/warmest-days.ipynb`);
    await second.getByText('The only session is in use').waitFor();
    await recordStages(second);
    await second.getByRole('button', { name: 'Run this notebook' }).click();
    const status = second.locator('#progress-status');
    await status.getByText('You are at position 1 in the queue.').waitFor();
    assert.match(await status.innerText(), /Estimated wait: about \d+ (minutes|hours)\./);
    assert.ok(await second.getByRole('button', { name: 'Leave the queue' }).isVisible());
    await screenshot(second, 'queue');
  });

  it('when the first session ends, the second starts by itself without a reload', async () => {
    const navigations: string[] = [];
    second.on('framenavigated', (frame) => {
      if (frame === second.mainFrame()) navigations.push(frame.url());
    });
    await second.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

    await confirmAction(first, 'End session', 'Yes, end it');
    await first.locator('#ended-reason').getByText('You ended it.').waitFor();

    await notebookReady(second);
    assert.equal(
      await second.evaluate(() => (window as unknown as { marker?: number }).marker),
      42,
      'the same document: no reload',
    );
    assert.deepEqual(navigations, []);
    const seen = await stagesSeen(second);
    assert.equal(seen[0], 'queued');
    assertInOrder(seen);
    assert.equal(seen.at(-1), 'ready');
    assert.match(await second.locator('#title').innerText(), /warmest/i);
  });
});
