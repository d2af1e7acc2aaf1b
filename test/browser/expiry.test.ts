/**
 * A session with a short maximum lifetime: the warning appears before the end (and
 * "Download my copy" still works then, with the edit); at the end the page says the
 * session ended and why, and that the changes are gone; starting again shows the
 * original notebook, not the edit.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { startTestHub } from '../helpers/hub.js';
import { hubPage } from './hub-page.js';
import { firstCellSource, launchFromPage, notebookReady, runFirstCell, screenshot } from './ui.js';

const edit = 'print("this edit must not survive")';

describe('a session that reaches its time limit', () => {
  const ui = hubPage(() => startTestHub({ maxLifetimeSeconds: 75, warningSeconds: 55 }));

  it('warns before the end, and the copy downloaded then has the edit', async () => {
    await launchFromPage(ui.page, ui.hub.url, 'welcome.ipynb');
    const frame = await notebookReady(ui.page);
    assert.match(await runFirstCell(ui.page, frame, edit), /this edit must not survive/);
    const warning = ui.page.locator('#warning');
    await warning.waitFor({ state: 'visible' });
    assert.match(
      await warning.innerText(),
      /^Ends in 0:\d\d\s+Your session will end soon because it is reaching its time limit\. Download your copy now/,
    );
    assert.equal(await warning.getAttribute('role'), 'alert');
    await screenshot(ui.page, 'warning');

    const downloading = ui.page.waitForEvent('download');
    await ui.page.getByRole('button', { name: 'Download my copy' }).click();
    const copy = await readFile(await (await downloading).path(), 'utf8');
    assert.ok(copy.includes(JSON.stringify(edit)), 'the copy has the saved edit');
  });

  it('after the end, the page says the session ended, why, and that the changes are gone', async () => {
    const ended = ui.page.locator('#ended');
    await ended.waitFor({ state: 'visible' });
    assert.equal(
      await ui.page.locator('#ended-reason').innerText(),
      'It ended because it reached its time limit.',
    );
    await ended.getByText('Your changes are gone').waitFor();
    assert.equal(await ui.page.locator('#session').isHidden(), true);
    await screenshot(ui.page, 'ended');
  });

  it('starting again shows the original notebook, not the edit', async () => {
    const raised = await ui.hub.admin('api/admin/settings', {
      method: 'PUT',
      body: JSON.stringify({ max_lifetime_seconds: 600 }),
    });
    assert.equal(raised.status, 200);
    await ui.page.getByRole('button', { name: 'Start again from the original' }).click();
    const frame = await notebookReady(ui.page);
    assert.equal(await firstCellSource(frame), '6 * 7');
  });
});
