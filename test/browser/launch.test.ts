/**
 * The visitor's page in Chromium, one session at a time: preview and capacity before the
 * launch; the stages shown in order over server-sent events; the Notebook 6 UI in the
 * frame, with a cell typed and run through it; "Download my copy" with the edit; a reload
 * that re-attaches; "Start over from the original"; "End session".
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { startTestHub } from '../helpers/hub.js';
import { hubPage } from './hub-page.js';
import {
  assertInOrder,
  confirmAction,
  firstCellSource,
  newPage,
  notebookReady,
  recordStages,
  runFirstCell,
  screenshot,
  stagesSeen,
} from './ui.js';

const edit = 'print("edited in the browser", 6 * 7)';

describe('the visitor launches a notebook from its page', () => {
  const ui = hubPage(() => startTestHub());
  let frame: FrameLocator;

  it('shows the static preview and the free capacity before launching', async () => {
    await ui.page.goto(`${ui.hub.url}run/notebooks/welcome.ipynb`);
    await ui.page.getByText('100 of 100 sessions free.').waitFor();
    const preview = ui.page.frameLocator('iframe.nb-preview-frame');
    await preview.getByRole('heading', { name: 'Welcome to ckan-notebook-hub' }).waitFor();
    assert.equal(
      await ui.page.locator('iframe.nb-preview-frame').getAttribute('sandbox'),
      'allow-popups allow-popups-to-escape-sandbox',
    );
    assert.equal(ui.hub.hub.manager.live.byId.size, 0, 'nothing starts before the visitor asks');
    await screenshot(ui.page, 'launcher');
  });

  it('shows each stage in order, then the notebook UI, where a typed cell runs', async () => {
    await recordStages(ui.page);
    // Keyboard only: the first Tab stop is "Run this notebook".
    await ui.page.keyboard.press('Tab');
    assert.equal(await ui.page.evaluate(() => document.activeElement?.id), 'run-button');
    await ui.page.keyboard.press('Enter');
    await ui.page.locator('#progress').waitFor({ state: 'visible' });
    await ui.page.locator('#stages li[data-state="current"]').waitFor();
    await screenshot(ui.page, 'launcher-progress');
    frame = await notebookReady(ui.page);
    const seen = await stagesSeen(ui.page);
    assertInOrder(seen);
    assert.equal(seen.at(-1), 'ready');
    assert.ok(seen.length >= 2, `only ${seen.join(', ')} was shown`);
    assert.ok(!seen.includes('queued'), 'a free hub does not queue');

    const output = await runFirstCell(ui.page, frame, edit);
    assert.match(output, /edited in the browser 42/);
    assert.match(
      await ui.page.locator('#time-left').innerText(),
      /^Time left: (19|20):\d\d if idle · (1:59:\d\d|2:00:00) at most$/,
    );
    assert.ok(await ui.page.locator('#warning').isHidden(), 'no warning 2 hours before the end');
    await screenshot(ui.page, 'notebook-with-bar');
  });

  it('"Download my copy" saves and downloads a valid .ipynb with the edit', async () => {
    const downloading = ui.page.waitForEvent('download');
    await ui.page.getByRole('button', { name: 'Download my copy' }).click();
    const download = await downloading;
    assert.equal(download.suggestedFilename(), 'welcome.ipynb');
    const notebook = JSON.parse(await readFile(await download.path(), 'utf8')) as {
      nbformat: number;
      cells: Array<{ cell_type: string; source: string | string[] }>;
    };
    assert.equal(notebook.nbformat, 4);
    const sources = notebook.cells.map((c) => [c.source].flat().join(''));
    assert.ok(sources.includes(edit), `the copy has the edit: ${JSON.stringify(sources)}`);
    await ui.page.getByText('Downloaded welcome.ipynb.').waitFor();
  });

  it('a reload re-attaches to the running session and keeps the edit', async () => {
    const id = [...ui.hub.hub.manager.live.byId.keys()][0];
    await ui.page.reload();
    frame = await notebookReady(ui.page);
    assert.equal(await firstCellSource(frame), edit);
    assert.deepEqual([...ui.hub.hub.manager.live.byId.keys()], [id]);
  });

  it('"Start over from the original" gives a new server with the original notebook', async () => {
    const before = [...ui.hub.hub.manager.live.byId.keys()];
    await confirmAction(ui.page, 'Start over from the original', 'Yes, start over');
    await ui.page.locator('#progress').waitFor({ state: 'visible' });
    frame = await notebookReady(ui.page);
    assert.equal(await firstCellSource(frame), '6 * 7');
    const now = [...ui.hub.hub.manager.live.byId.keys()];
    assert.equal(now.length, 1);
    assert.notEqual(now[0], before[0]);
  });

  it('"End session" ends it; the page says why and that the changes are gone', async () => {
    await confirmAction(ui.page, 'End session', 'Yes, end it');
    await ui.page.locator('#ended').waitFor({ state: 'visible' });
    assert.equal(await ui.page.locator('#ended-reason').innerText(), 'You ended it.');
    await ui.page.locator('#ended').getByText('Your changes are gone').waitFor();
    assert.equal(ui.hub.hub.manager.live.byId.size, 0);
    assert.equal(await ui.page.locator('#notebook-frame').isHidden(), true);
    await screenshot(ui.page, 'ended-by-visitor');
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const phone = await newPage(ui.browser, { width: 390, height: 844 });
    try {
      await phone.page.goto(
        `${ui.hub.url}run/notebooks/ocean-temperatures/plot-temperatures.ipynb`,
      );
      await phone.page.getByRole('button', { name: 'Run this notebook' }).waitFor();
      await phone.page.getByText(/sessions free/).waitFor();
      const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `the page is ${width}px wide`);
      await screenshot(phone.page, 'launcher-phone');
    } finally {
      await phone.context.close();
    }
  });
});
