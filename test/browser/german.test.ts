/**
 * The hub's pages in German, in Chromium: the launcher chosen by `?lang=de` (as the CKAN
 * plugin passes CKAN's locale), the queue, the countdown and the ended page; the admin
 * sign-in and dashboard chosen by the browser's Accept-Language. One session at most, so
 * the queue shows while another visitor holds it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { screenshot, slow } from './ui.js';

describe('the hub in German', () => {
  let hub: TestHub;
  let browser: Browser;

  before(async () => {
    hub = await startTestHub({ maxSessions: 1 });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('launcher, queue, countdown and ended page follow lang=de', async () => {
    const holder = hub.visitor();
    const held = await holder.launch({ notebook: 'welcome.ipynb' });
    assert.ok(held.status === 201 || held.status === 202);
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(slow);
    try {
      await page.goto(`${hub.url}run/notebooks/welcome.ipynb?lang=de`);
      assert.equal(await page.locator('html').getAttribute('lang'), 'de');
      await page.getByText('Die einzige Sitzung ist belegt').waitFor();
      await screenshot(page, 'german-launcher');
      await page.getByRole('button', { name: 'Dieses Notebook ausführen' }).click();
      await page.getByText('Sie sind auf Platz 1 der Warteschlange').waitFor();
      await page.getByRole('button', { name: 'Warteschlange verlassen' }).waitFor();
      await screenshot(page, 'german-queue');
      await hub.hub.manager.end(String(held.json.id), 'admin');
      await page.getByText(/^Verbleibende Zeit: [\d:]+ bei Leerlauf · höchstens [\d:]+$/).waitFor();
      await page.getByRole('button', { name: 'Meine Kopie herunterladen' }).waitFor();
      await screenshot(page, 'german-countdown');
      await page.getByRole('button', { name: 'Sitzung beenden' }).click();
      await page.getByRole('button', { name: 'Ja, beenden' }).click();
      await page.getByRole('heading', { name: 'Ihre Sitzung ist beendet' }).waitFor();
      await page.getByText('Sie haben sie beendet.').waitFor();
      await page.getByRole('button', { name: 'Mit dem Original neu starten' }).waitFor();
      await screenshot(page, 'german-ended');
      assert.equal(page.url(), `${hub.url}run/notebooks/welcome.ipynb?lang=de`, 'lang stays');
    } finally {
      await context.close();
    }
  });

  it('the admin sign-in and dashboard follow Accept-Language', async () => {
    const context = await browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    page.setDefaultTimeout(slow);
    try {
      await page.goto(`${hub.adminUrl}admin`);
      await page.getByRole('heading', { name: 'Anmelden' }).waitFor();
      await page.getByLabel('Admin-Token').fill(hub.adminToken);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.getByRole('heading', { name: 'Laufende Sitzungen' }).waitFor();
      await page.getByRole('button', { name: 'Einstellungen speichern' }).waitFor();
      await page.getByLabel('Leerlauf-Zeitlimit (Sekunden)').waitFor();
      await page.getByText(/\d von 1 Sitzung belegt · niemand wartet/).waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'de');
      await screenshot(page, 'german-admin');
    } finally {
      await context.close();
    }
  });
});
