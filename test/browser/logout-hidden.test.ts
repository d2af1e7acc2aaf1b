/**
 * Notebook 6's Logout button is hidden in sessions, on both spawners, by the custom.css
 * the sessions get (src/spawners/local/jupyter-custom-css.ts bound into the sandbox's
 * config folder; images/notebook/custom.css in the Docker image): the button is in the
 * page Notebook 6 renders, and Chromium does not show it.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { bridgeInterfaceName } from '../../src/spawners/docker/docker-names.js';
import { iptablesRunner, removeNetworkGuard } from '../../src/spawners/docker/network-guard.js';
import { launchBrowser } from '../helpers/browser.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { requireDocker, testImage } from '../spawners/docker-harness.js';
import { launchFromPage, newPage, notebookReady, screenshot } from './ui.js';

async function assertLogoutHidden(browser: Browser, hub: TestHub, name: string): Promise<void> {
  const { context, page } = await newPage(browser);
  try {
    await launchFromPage(page, hub.url, 'welcome.ipynb');
    const frame = await notebookReady(page);
    const logout = frame.locator('#logout');
    assert.equal(await logout.count(), 1, 'Notebook 6 rendered its Logout button');
    assert.equal(await logout.isVisible(), false, 'but it is not shown');
    const display = await frame
      .locator('#login_widget')
      .evaluate((el) => getComputedStyle(el).display);
    assert.equal(display, 'none');
    await screenshot(page, `logout-hidden-${name}`);
  } finally {
    await context.close();
  }
}

describe('Notebook 6’s Logout button', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('is hidden in a local sandbox session', async () => {
    const hub = await startTestHub();
    try {
      await assertLogoutHidden(browser, hub, 'local');
    } finally {
      await hub.close();
    }
  });

  it('is hidden in a Docker session', async () => {
    const docker = await requireDocker();
    const network = `cnh-logout-${randomBytes(4).toString('hex')}`;
    const hub = await startTestHub({
      spawner: 'docker',
      host: '0.0.0.0',
      dockerImage: testImage,
      dockerNetwork: network,
    });
    try {
      await assertLogoutHidden(browser, hub, 'docker');
    } finally {
      await hub.close();
      await removeNetworkGuard(bridgeInterfaceName(network), iptablesRunner()).catch(() => {});
      await docker
        .getNetwork(network)
        .remove()
        .catch(() => {});
    }
  });
});
