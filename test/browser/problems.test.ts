/**
 * What the visitor's page says when a session cannot be had, and what it offers to do:
 * a notebook that is invalid or missing (the server's own error pages), the hub full with
 * a full queue (Retry-After countdown, then a retry that gets in), the session backend
 * down, and a CKAN dataset that is private or a portal that is down. No Jupyter server
 * is started: the spawner is held or down on purpose.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CkanSource } from '../../src/sources/ckan/ckan-source.js';
import type { NotebookSource } from '../../src/sources/source.js';
import { FakeCkan } from '../fakes/ckan-server.js';
import { startTestHub } from '../helpers/hub.js';
import { minimalNotebook, writeFiles } from '../helpers/notebook-files.js';
import { makeTempDir, type TempDir } from '../helpers/temp-dir.js';
import { HeldSpawner } from './held-spawner.js';
import { hubPage } from './hub-page.js';
import { screenshot } from './ui.js';

describe('the visitor’s page when no session can be had', () => {
  const spawner = new HeldSpawner();
  let notebooks: TempDir;
  let ckan: FakeCkan;
  const ui = hubPage(async () => {
    notebooks = await makeTempDir('notebooks');
    await writeFiles(notebooks.path, {
      'good.ipynb': minimalNotebook('1 + 1'),
      'broken.ipynb': '{"cells": [',
    });
    ckan = await FakeCkan.start();
    const hub = await startTestHub(
      { notebooksDir: notebooks.path, maxSessions: 1, queueMax: 0, ckanUrl: ckan.url },
      { spawner },
    );
    // The CKAN source, if the hub does not configure one itself from ckanUrl.
    const sources = hub.hub.ctx.sources as NotebookSource[];
    if (!sources.some((s) => s.name === 'ckan')) sources.push(new CkanSource(hub.hub.ctx.config));
    return hub;
  });
  after(async () => {
    await ckan?.close();
    await notebooks?.remove();
  });

  it('an invalid notebook gets a page that says so and what to do', async () => {
    const response = await ui.page.goto(`${ui.hub.url}run/notebooks/broken.ipynb`);
    assert.equal(response?.status(), 422);
    await ui.page.getByRole('heading', { name: 'This notebook cannot be opened' }).waitFor();
    await ui.page.getByText('Tell the people who publish it.').waitFor();
    await ui.page.getByRole('link', { name: 'All notebooks' }).waitFor();
    await screenshot(ui.page, 'error-invalid-notebook');
  });

  it('a missing notebook is a 404 page with the way back', async () => {
    const response = await ui.page.goto(`${ui.hub.url}run/notebooks/nowhere.ipynb`);
    assert.equal(response?.status(), 404);
    await ui.page.getByRole('heading', { name: 'Notebook not found' }).waitFor();
  });

  it('a full hub with a full queue says so, counts down Retry-After, and a retry gets in', async () => {
    const holder = ui.hub.visitor();
    const held = await holder.launch({ notebook: 'good.ipynb' });
    assert.equal(held.json.state, 'starting');
    await ui.page.goto(`${ui.hub.url}run/notebooks/good.ipynb`);
    await ui.page.getByText('The only session is in use').waitFor();
    await ui.page.getByRole('button', { name: 'Run this notebook' }).click();
    await ui.page.getByRole('heading', { name: 'The hub is full' }).waitFor();
    await ui.page
      .getByText('All sessions are in use and the queue is full. Try again soon.')
      .waitFor();
    await ui.page
      .locator('#problem-todo')
      .getByText(/Trying again in (30|29|28) s…/)
      .waitFor();
    await screenshot(ui.page, 'error-hub-full');

    await ui.hub.hub.manager.end(String(held.json.id), 'admin');
    await ui.page.getByRole('button', { name: 'Try again' }).click();
    await ui.page.locator('#progress-status').getByText('Starting your Jupyter server…').waitFor();
    const [mine] = [...ui.hub.hub.manager.live.byId.values()];
    await ui.hub.hub.manager.end(mine!.record.id, 'admin');
    await ui.page.locator('#ended-reason').getByText('It was ended by an administrator.').waitFor();
  });

  it('a session backend that is down ends the start with a clear message and a retry', async () => {
    spawner.mode = 'unavailable';
    try {
      await ui.page.goto(`${ui.hub.url}run/notebooks/good.ipynb`);
      await ui.page.getByRole('button', { name: 'Run this notebook' }).click();
      await ui.page.locator('#ended').waitFor({ state: 'visible' });
      assert.equal(
        await ui.page.locator('#ended-reason').innerText(),
        'The notebook server failed: The session backend is not available right now.',
      );
      assert.equal(await ui.page.locator('#start-again').innerText(), 'Try again');
      await screenshot(ui.page, 'error-backend-down');
    } finally {
      spawner.mode = 'hold';
    }
  });

  it('a private CKAN dataset: not accessible, log in to the portal', async () => {
    await ui.page.goto(`${ui.hub.url}run/ckan/${ckan.ids.privateNotebook}`);
    await ui.page.getByRole('button', { name: 'Run this notebook' }).click();
    await ui.page.getByRole('heading', { name: 'This dataset is not accessible' }).waitFor();
    await ui.page.getByText('This dataset is private. Log in to the portal to run it.').waitFor();
    await ui.page.getByText(/log in to the data portal and open the notebook/).waitFor();
    await screenshot(ui.page, 'error-dataset-private');
  });

  it('a public CKAN notebook shows its preview; a portal that is down says so', async () => {
    await ui.page.goto(`${ui.hub.url}run/ckan/${ckan.ids.uploadNotebook}`);
    const preview = ui.page.frameLocator('iframe.nb-preview-frame');
    await preview.locator('body').getByText(/\w/).first().waitFor();
    assert.equal(await preview.getByText('Preview not available').count(), 0);
    await ckan.close();
    await ui.page.getByRole('button', { name: 'Run this notebook' }).click();
    await ui.page.getByRole('heading', { name: 'The data portal cannot be reached' }).waitFor();
    await ui.page.getByRole('button', { name: 'Try again' }).waitFor();
  });
});
