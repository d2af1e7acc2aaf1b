/**
 * The shared static path with the Docker spawner, in Chromium: the image's static folder
 * is copied out of a never-started container (keyed by image id) and a session's page
 * takes its static files from `{base}nbstatic/img-<id>/…` and works (kernel idle, `6*7`
 * runs); a second session in the same browser loads none of its versioned static files
 * from the hub again (counted on the hub's own server).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { bridgeInterfaceName } from '../../src/spawners/docker/docker-names.js';
import { iptablesRunner, removeNetworkGuard } from '../../src/spawners/docker/network-guard.js';
import { launchBrowser } from '../helpers/browser.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { requireDocker, testImage } from '../spawners/docker-harness.js';
import { launchFromPage, notebookReady, runFirstCell, screenshot, slow } from './ui.js';

let hub: TestHub;
let browser: Browser;
let docker: Awaited<ReturnType<typeof requireDocker>>;
const network = `cnh-nbstatic-${randomBytes(4).toString('hex')}`;
const seen: string[] = [];
before(async () => {
  docker = await requireDocker();
  hub = await startTestHub({
    sharedStatic: true,
    spawner: 'docker',
    host: '0.0.0.0',
    dockerImage: testImage,
    dockerNetwork: network,
  });
  hub.hub.server.prependListener('request', (req: IncomingMessage) => seen.push(req.url ?? ''));
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await hub?.close();
  await removeNetworkGuard(bridgeInterfaceName(network), iptablesRunner()).catch(() => {});
  await docker
    ?.getNetwork(network)
    .remove()
    .catch(() => {});
});

const versioned = (urls: string[]) =>
  urls.filter((url) => url.includes('/nbstatic/') && /[?&]v=./.test(url));

async function openSession(context: BrowserContext): Promise<string> {
  const page = await context.newPage();
  page.setDefaultTimeout(slow);
  await launchFromPage(page, hub.url, 'welcome.ipynb');
  const frame = await notebookReady(page);
  assert.equal((await runFirstCell(page, frame, '6*7')).trim(), '42');
  await screenshot(page, 'shared-static-docker');
  const src = (await page.locator('#notebook-frame').getAttribute('src')) ?? '';
  const id = /\/user\/([a-z0-9]+)\//.exec(src)?.[1];
  assert.ok(id, `the frame shows a session: ${src}`);
  await page.close();
  return id;
}

test('a Docker session’s page loads from the image’s copy, and a second one from the cache', async () => {
  const imageId = (await docker.getImage(testImage).inspect()).Id.replace('sha256:', '');
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const first = await openSession(context);
    const firstLoad = versioned(seen.splice(0));
    assert.ok(firstLoad.length >= 10, `loaded from nbstatic: ${firstLoad.length}`);
    assert.ok(
      firstLoad.every((url) => url.includes(`/nbstatic/img-${imageId}/`)),
      'from the copy of exactly this image',
    );
    await hub.hub.manager.end(first, 'admin');
    seen.splice(0);
    const second = await openSession(context);
    assert.notEqual(second, first);
    assert.deepEqual(versioned(seen.splice(0)), [], 'no versioned static file reached the hub');
  } finally {
    await context.close();
  }
});
