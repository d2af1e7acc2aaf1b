/**
 * "Explore any dataset" in Chromium: the dataset's launcher page shows the generated
 * starter notebook as a static preview, "Run this notebook" starts a session with it,
 * the launch stages list each data file (done, or skipped and why), and running all its
 * cells in Notebook 6 draws the charts (an image output).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { FakeCkan } from '../fakes/ckan-server.js';
import { startTestHub } from '../helpers/hub.js';
import { hubPage } from './hub-page.js';
import { notebookReady, screenshot } from './ui.js';

describe('a visitor explores a CKAN dataset that has no notebook', () => {
  let ckan: FakeCkan;
  const ui = hubPage(async () => {
    ckan = await FakeCkan.start({ version: '2.10.10' });
    return startTestHub({ ckanUrl: ckan.url, ckanDataMaxBytes: 10 * 1024 * 1024 });
  });
  after(async () => {
    await ckan?.close();
  });

  it('previews the starter, runs it, and the notebook shows a chart', async () => {
    await ui.page.goto(`${ui.hub.url}run/ckan-dataset/city-air-quality`);
    const preview = ui.page.frameLocator('iframe.nb-preview-frame');
    await preview.getByRole('heading', { name: 'City air quality 2026' }).waitFor();
    await preview.getByText('read_data(DATA / "measurements.csv", "csv")').first().waitFor();
    assert.equal(ui.hub.hub.manager.live.byId.size, 0, 'nothing starts before the visitor asks');
    await screenshot(ui.page, 'dataset-launcher');

    await ui.page.getByRole('button', { name: 'Run this notebook' }).click();
    const frame = await notebookReady(ui.page);
    // The launch stages listed each file (the list stays in the page once it is ready).
    const files = (await ui.page.locator('#files li').allTextContents()).join('\n');
    assert.match(files, /measurements\.csv\s*done, 7\.2 KiB/);
    assert.match(
      files,
      /hourly-archive-2026\.csv\.gz\s*skipped: 4\.7 GiB is too big for the data limit/,
    );
    assert.match(files, /Air-quality network \(web page\)\s*skipped: a link to a web page/);
    assert.match(files, /measurements-datastore \(DataStore table, first page\)\s*done/);
    await frame.locator('.text_cell_render h1', { hasText: 'City air quality 2026' }).waitFor();
    const notebook = ui.page.frames().find((f) => f.url().includes('/notebooks/'));
    assert.ok(
      notebook,
      ui.page
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
    await screenshot(ui.page, 'dataset-run', true);
  });
});
