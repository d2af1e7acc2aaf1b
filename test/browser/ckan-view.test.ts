/**
 * The CKAN resource view in Chromium, with a portal that plays the plugin's part (view
 * frame and launch route, see ckan-plugin-stand-in.ts) on the fake CKAN's origin, which
 * is same-site with the hub (both on 127.0.0.1). Tickets live ten seconds here (the
 * plugin's ticket_lifetime; long enough for the renewed ticket to reach the hub on a
 * loaded machine), and each test waits until the view's ticket has expired before it
 * clicks Run: the launch must not depend on the ticket signed at render.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { FakeCkan } from '../fakes/ckan-server.js';
import { installPluginStandIn, ticketExp } from './ckan-plugin-stand-in.js';
import { screenshot, slow } from './ui.js';

const secret = 'browser-test-ticket-secret-0123456789abcdef';

describe('the CKAN view: tickets at click time, names, private previews, new tab', () => {
  let ckan: FakeCkan;
  let hub: TestHub;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    ckan = await FakeCkan.start();
    hub = await startTestHub({
      ckanUrl: ckan.url,
      ticketSecret: secret,
      ckanApiToken: ckan.tokens.sysadmin,
    });
    installPluginStandIn(ckan, {
      hubUrl: hub.url,
      secret,
      ticketLifetimeSeconds: 10,
      members: ['alice'],
    });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await hub?.close();
    await ckan?.close();
  });

  async function portalPage(user: string | null): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1100, height: 950 } });
    contexts.push(context);
    if (user) await context.addCookies([{ name: 'portal_user', value: user, url: ckan.origin }]);
    const page = await context.newPage();
    page.setDefaultTimeout(slow);
    return page;
  }

  /** Opens the view and waits until the ticket it was rendered with has expired. */
  async function openViewAndOutliveTicket(page: Page, id: string): Promise<FrameLocator> {
    await page.goto(`${ckan.origin}/view/${id}`);
    const src = await page.locator('#resource-view').getAttribute('src');
    const exp = ticketExp(src!);
    assert.ok(exp !== null, 'the view was rendered with a ticket');
    const view = page.frameLocator('#resource-view');
    await view.getByRole('button', { name: 'Run this notebook' }).waitFor();
    // The condition itself: the wall clock (the hub's too, same machine) is past exp.
    while (Date.now() / 1000 <= exp + 1) await new Promise((r) => setTimeout(r, 200));
    return view;
  }

  async function sessionRuns(view: FrameLocator): Promise<void> {
    const notebook = view.frameLocator('#notebook-frame');
    await notebook.locator('#notebook-container .cell').first().waitFor({ timeout: slow });
  }

  const liveUsers = () => [...hub.hub.manager.live.byId.values()].map((l) => l.record.ckanUser);

  it('a member sees the private notebook’s names and preview, and Run works after the ticket expired', async () => {
    const page = await portalPage('alice');
    const view = await openViewAndOutliveTicket(page, ckan.ids.privateNotebook);
    await view.getByRole('heading', { name: 'Private notebook' }).waitFor();
    const back = view.getByRole('link', { name: 'Private study' });
    assert.equal(await back.getAttribute('href'), `${ckan.origin}/dataset/private-study`);
    const preview = view.frameLocator('iframe.nb-preview-frame');
    await preview.locator('.nb-cell').first().waitFor();
    assert.equal(await preview.getByText('dataset_forbidden').count(), 0);
    await view.getByRole('button', { name: 'Run this notebook' }).click();
    await sessionRuns(view);
    assert.deepEqual(liveUsers(), ['alice']);
    await screenshot(page, 'ckan-view-private-after-expiry');

    // "Open in a new tab" (the plugin's launch route) lands on the running session.
    const opened = page.context().waitForEvent('page');
    await page.locator('#open').click();
    const tab = await opened;
    tab.setDefaultTimeout(slow);
    await tab.locator('#notebook-frame').waitFor({ state: 'visible' });
    await tab
      .frameLocator('#notebook-frame')
      .locator('#notebook-container .cell')
      .first()
      .waitFor();
    assert.equal(hub.hub.manager.live.byId.size, 1, 'the new tab started no second session');
    await tab.close();
    await hub.hub.manager.end([...hub.hub.manager.live.byId.keys()][0]!, 'admin');
  });

  it('a logged-in user runs a public notebook after the ticket expired, as that user', async () => {
    const page = await portalPage('bob');
    const view = await openViewAndOutliveTicket(page, ckan.ids.uploadNotebook);
    await view.getByRole('heading', { name: 'Analysis notebook' }).waitFor();
    await view.getByRole('link', { name: 'Ocean temperatures' }).waitFor();
    await view.getByRole('button', { name: 'Run this notebook' }).click();
    await sessionRuns(view);
    assert.deepEqual(liveUsers(), ['bob']);
    await hub.hub.manager.end([...hub.hub.manager.live.byId.keys()][0]!, 'admin');
  });

  it('a public notebook still runs, as a guest, when no ticket can be had at click time', async () => {
    const page = await portalPage('bob');
    const view = await openViewAndOutliveTicket(page, ckan.ids.uploadNotebook);
    await page.context().clearCookies(); // logged out of the portal meanwhile
    await view.getByRole('button', { name: 'Run this notebook' }).click();
    await sessionRuns(view);
    assert.deepEqual(liveUsers(), [null]);
    await hub.hub.manager.end([...hub.hub.manager.live.byId.keys()][0]!, 'admin');
  });

  it('nobody else sees the private notebook’s preview', async () => {
    const page = await portalPage(null);
    await page.goto(
      `${hub.url}run/ckan/${ckan.ids.privateNotebook}?portal=${encodeURIComponent(`${ckan.origin}/`)}`,
    );
    await page.getByRole('heading', { name: 'Notebook from the data portal' }).waitFor();
    const preview = page.frameLocator('iframe.nb-preview-frame');
    await preview.getByText('private', { exact: false }).first().waitFor();
    assert.equal(await preview.locator('.nb-cell').count(), 0);
  });
});
