/**
 * A notebook page that lost a script on the way in is reloaded by the visitor's page
 * (web/src/session/frame-guard.ts). Chromium aborts every load in flight with
 * `net::ERR_NETWORK_CHANGED` when the host's network changes (a container starting on the
 * same machine is enough), and Notebook 6's page without require.js stays blank for good:
 * here the first request for require.js (or for the notebook's contents, which Notebook 6
 * asks for after its load event: no cells without it) fails with a network error, like
 * that, and the notebook still shows its cells and an idle kernel after a reload.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { launchFromPage, newPage, notebookReady, screenshot } from './ui.js';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

// Under the session's own static/ path, and under the hub's nbstatic/ path; and the
// notebook's contents, which the page asks for only after its load event.
const cases = [
  { sharedStatic: false, file: 'components/requirejs/require.js' },
  { sharedStatic: true, file: 'components/requirejs/require.js' },
  { sharedStatic: true, file: 'api/contents/welcome.ipynb' },
];
for (const { sharedStatic, file } of cases) {
  test(`a notebook page whose ${file} failed to load is reloaded (sharedStatic ${sharedStatic})`, async () => {
    const hub: TestHub = await startTestHub({ sharedStatic });
    const { context, page } = await newPage(browser);
    try {
      let aborted = 0;
      await context.route(`**/${file}?*`, async (route) => {
        if (aborted++ === 0) await route.abort('internetdisconnected');
        else await route.continue();
      });
      const warnings: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'warning') warnings.push(message.text());
      });
      await launchFromPage(page, hub.url, 'welcome.ipynb');
      await notebookReady(page);
      assert.equal(aborted, 2, `${file} was asked for twice: the failed load and the reload`);
      const reloads = warnings.filter((w) => w.startsWith('notebook frame:'));
      // Exactly one is expected; a MathJax extension caught by the reload may add one more.
      assert.ok(reloads.length >= 1 && reloads.length <= 3, reloads.join(' | '));
      assert.ok(reloads[0]!.includes(`/${file}?`), reloads[0]);
      await screenshot(page, `frame-reloaded-${file.split('/').pop()}-${sharedStatic}`);
    } finally {
      await context.close();
      await hub.close();
    }
  });
}
