/**
 * "Explore any dataset" in Chromium: the dataset's launcher page shows the generated
 * starter notebook as a static preview, "Run this notebook" starts a session with it,
 * the launch stages list each data file (done, or skipped and why), and running all its
 * cells in Notebook 6 draws the charts (an image output).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FakeCkan } from '../fakes/ckan-server.js';
import { launchBrowser } from '../helpers/browser.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { newPage, notebookReady, screenshot } from './ui.js';

describe('a visitor explores a CKAN dataset that has no notebook', () => {
  let ckan: FakeCkan;
  let hub: TestHub;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    ckan = await FakeCkan.start({ version: '2.10.10' });
    hub = await startTestHub({ ckanUrl: ckan.url, ckanDataMaxBytes: 10 * 1024 * 1024 });
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser));
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await hub?.close();
    await ckan?.close();
  });

  it('previews the starter, runs it, and the notebook shows a chart', async () => {
    await page.goto(`${hub.url}run/ckan-dataset/city-air-quality`);
    const preview = page.frameLocator('iframe.nb-preview-frame');
    await preview.getByRole('heading', { name: 'City air quality 2026' }).waitFor();
    await preview.getByText('read_data(DATA / "measurements.csv", "csv")').first().waitFor();
    assert.equal(hub.hub.manager.live.byId.size, 0, 'nothing starts before the visitor asks');
    await screenshot(page, 'dataset-launcher');

    await page.getByRole('button', { name: 'Run this notebook' }).click();
    const frame = await notebookReady(page);
    // The launch stages listed each file (the list stays in the page once it is ready).
    const files = (await page.locator('#files li').allTextContents()).join('\n');
    assert.match(files, /measurements\.csv\s*done, 7\.2 KiB/);
    assert.match(
      files,
      /hourly-archive-2026\.csv\.gz\s*skipped: 4\.7 GiB is too big for the data limit/,
    );
    assert.match(files, /Air-quality network \(web page\)\s*skipped: a link to a web page/);
    assert.match(files, /measurements-datastore \(DataStore table, first page\)\s*done/);
    await frame.locator('.text_cell_render h1', { hasText: 'City air quality 2026' }).waitFor();
    const notebook = page.frames().find((f) => f.url().includes('/notebooks/'));
    assert.ok(
      notebook,
      page
        .frames()
        .map((f) => f.url())
        .join(', '),
    );
    await notebook.evaluate(() => {
      (
        window as unknown as { Jupyter: { notebook: { execute_all_cells(): void } } }
      ).Jupyter.notebook.execute_all_cells();
    });
    // The last code cell has run (its prompt got a number) and charts are images.
    const lastPrompt = frame.locator('.code_cell .input_prompt').last();
    await assert.doesNotReject(
      lastPrompt.filter({ hasText: /\[\d+\]/ }).waitFor({ timeout: 300_000 }),
    );
    await frame.locator('.output_area img').first().waitFor();
    assert.ok((await frame.locator('.output_area img').count()) >= 4, 'a chart per data file');
    assert.equal(await frame.locator('.output_error').count(), 0, 'no cell raised');
    await screenshot(page, 'dataset-run', true);
  });
});
