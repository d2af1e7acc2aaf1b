/**
 * The run page inside CKAN's resource-view iframe. The hub runs on 127.0.0.1; a stand-in
 * "CKAN" page that frames it is served from the configured origins (http://localhost:P,
 * another site, and http://127.0.0.1:P, the same site) and from one that is not
 * configured (http://127.0.0.2:P). The hub's CSP frame-ancestors lets the first two
 * render the page (and a whole session runs inside the same-site frame) and makes the
 * browser refuse the third.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { startPortalStandIn, type PortalStandIn } from './portal-stand-in.js';
import { newPage, screenshot, slow } from './ui.js';

describe('the run page inside a portal page’s iframe', () => {
  let portal: PortalStandIn;
  let hub: TestHub;
  let browser: Browser;
  const pages: Page[] = [];

  before(async () => {
    portal = await startPortalStandIn();
    hub = await startTestHub({
      frameAncestors: [`http://localhost:${portal.port}`, `http://127.0.0.1:${portal.port}`],
    });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const page of pages) await page.context().close();
    await browser?.close();
    await hub?.close();
    await portal?.close();
  });

  /** Opens the portal page; `refusals` collects Chromium's CSP frame-ancestors reports and blocked loads. */
  async function framed(portalOrigin: string): Promise<{ page: Page; refusals: string[] }> {
    const { page } = await newPage(browser, { width: 1100, height: 900 });
    pages.push(page);
    const refusals: string[] = [];
    page.on('console', (m) => {
      if (/frame-ancestors/.test(m.text())) refusals.push(m.text());
    });
    page.on('requestfailed', (r) => {
      if (r.url().startsWith(hub.url)) refusals.push(`${r.url()} ${r.failure()?.errorText}`);
    });
    const src = `${hub.url}run/notebooks/welcome.ipynb`;
    await page.goto(`${portalOrigin}/dataset?view=${encodeURIComponent(src)}`);
    return { page, refusals };
  }

  it('renders in a frame on a configured portal origin of another site', async () => {
    const { page, refusals } = await framed(`http://localhost:${portal.port}`);
    const view = page.frameLocator('#resource-view');
    await view.getByRole('button', { name: 'Run this notebook' }).waitFor();
    await view.getByText('100 of 100 sessions free.').waitFor();
    await view
      .frameLocator('iframe.nb-preview-frame')
      .getByRole('heading', { name: 'Welcome to ckan-notebook-hub' })
      .waitFor();
    assert.deepEqual(refusals, []);
    await screenshot(page, 'embedded-in-portal');
  });

  it('there, where the Lax visitor cookie cannot be kept, Run launches the notebook in a new tab by itself', async () => {
    const page = pages.at(-1)!;
    const view = page.frameLocator('#resource-view');
    await view.getByText('Your browser does not let this frame keep the hub’s cookie').waitFor();
    assert.equal(hub.hub.manager.live.byId.size, 0);
    const opened = page.context().waitForEvent('page');
    await view.getByRole('button', { name: 'Run this notebook' }).click();
    const tab = await opened;
    tab.setDefaultTimeout(slow);
    await tab.waitForLoadState();
    assert.equal(await tab.locator('#intro-notice').isHidden(), true, 'no notice at the top level');
    // No second click: the tab launches, and the session runs there.
    await tab
      .frameLocator('#notebook-frame')
      .locator('#notebook-container .cell')
      .first()
      .waitFor();
    assert.equal(tab.url(), `${hub.url}run/notebooks/welcome.ipynb`, 'run=1 left the address');
    assert.equal(hub.hub.manager.live.byId.size, 1, 'one session, in the tab');
    await tab.close();
    await Promise.all(
      [...hub.hub.manager.live.byId.keys()].map((id) => hub.hub.manager.end(id, 'admin')),
    );
  });

  it('is refused in a frame on any other origin', async () => {
    const { page, refusals } = await framed(`http://127.0.0.2:${portal.port}`);
    await page.locator('#resource-view').waitFor();
    await waitUntil(() => refusals.length >= 2, 'Chromium reports the refusal');
    const frame = await (await page.$('#resource-view'))!.contentFrame();
    assert.ok(frame, 'the iframe element exists');
    assert.equal(frame.url(), 'chrome-error://chromewebdata/');
    assert.equal(await frame.locator('#run').count(), 0, 'the hub page did not render');
    const report = refusals.find((r) => r.includes('violates'));
    assert.match(
      report ?? refusals.join('\n'),
      /frame-ancestors 'self' http:\/\/localhost:\d+ http:\/\/127\.0\.0\.1:\d+/,
    );
    assert.ok(
      refusals.some((r) => r.endsWith('net::ERR_BLOCKED_BY_RESPONSE')),
      refusals.join('\n'),
    );
    await screenshot(page, 'embedded-refused');
  });

  it('runs a whole session inside a frame on a same-site portal origin', async () => {
    const { page, refusals } = await framed(`http://127.0.0.1:${portal.port}`);
    const view = page.frameLocator('#resource-view');
    await view.getByRole('button', { name: 'Run this notebook' }).click();
    const notebook = view.frameLocator('#notebook-frame');
    await notebook.locator('#notebook-container .cell').first().waitFor({ timeout: slow });
    await notebook.locator('#kernel_indicator_icon.kernel_idle_icon').waitFor({ timeout: slow });
    await view.getByRole('button', { name: 'Download my copy' }).waitFor();
    assert.deepEqual(refusals, []);
    await screenshot(page, 'embedded-session');
  });
});

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(condition(), what);
}
