/**
 * The shared static path (README, "Static files") with the local spawner, in Chromium:
 * a session's notebook page takes its static files from `{base}nbstatic/<key>/…`
 * (answered by the hub from its copy, never by the session's server) and works (kernel
 * idle, `6*7` runs); a second session in the same browser loads none of its versioned
 * static files from the hub again (counted where they arrive: the hub's own server);
 * a file a session writes into its own static `custom/` folder is served under the
 * session's URL but never under nbstatic; unknown and traversal paths are 404s.
 */
import assert from 'node:assert/strict';
import { get, type IncomingMessage } from 'node:http';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { launchFromPage, notebookReady, runFirstCell, screenshot, slow } from './ui.js';

let hub: TestHub;
let browser: Browser;
const seen: string[] = [];
before(async () => {
  hub = await startTestHub({ maxSessions: 4, sharedStatic: true });
  hub.hub.server.prependListener('request', (req: IncomingMessage) => seen.push(req.url ?? ''));
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await hub?.close();
});

const nbstatic = () => `${new URL(hub.url).pathname}nbstatic/`;
const versioned = (urls: string[]) =>
  urls.filter((url) => url.startsWith(nbstatic()) && /[?&]v=./.test(url));

async function openSession(context: BrowserContext): Promise<{ page: Page; sessionPath: string }> {
  const page = await context.newPage();
  page.setDefaultTimeout(slow);
  await launchFromPage(page, hub.url, 'welcome.ipynb');
  const frame = await notebookReady(page);
  assert.equal((await runFirstCell(page, frame, '6*7')).trim(), '42');
  const src = (await page.locator('#notebook-frame').getAttribute('src')) ?? '';
  const sessionPath = /\/user\/[a-z0-9]+\//.exec(new URL(src, hub.url).pathname)?.[0];
  assert.ok(sessionPath, `the frame shows a session: ${src}`);
  return { page, sessionPath };
}

test('two sessions in one browser: the second takes every versioned static file from the cache', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const first = await openSession(context);
    const firstLoad = versioned(seen.splice(0));
    assert.ok(
      firstLoad.length >= 10,
      `the page loaded its static files from nbstatic: ${firstLoad.length}`,
    );
    const frameHtml = await first.page.frameLocator('#notebook-frame').locator('html').innerHTML();
    assert.match(frameHtml, new RegExp(`${nbstatic()}[a-z0-9-]+/[^"]+\\?v=`));
    const perSession = seen.filter((url) => url.includes('/static/') && /[?&]v=./.test(url));
    assert.deepEqual(perSession, [], 'no versioned file came from the session’s own static path');
    await screenshot(first.page, 'shared-static-first');

    // The visitor ends the session and runs the notebook again: a new session, new URL.
    const id = /\/user\/([a-z0-9]+)\//.exec(first.sessionPath)![1]!;
    await hub.hub.manager.end(id, 'admin');
    await first.page.close();
    seen.splice(0);
    const second = await openSession(context);
    assert.notEqual(second.sessionPath, first.sessionPath, 'a second session, with another URL');
    assert.deepEqual(
      versioned(seen.splice(0)),
      [],
      'no versioned static file reached the hub again',
    );
  } finally {
    await context.close();
  }
});

test('a session cannot put a file under nbstatic; traversal and unknown paths are 404', async () => {
  const context = await browser.newContext();
  try {
    const { page, sessionPath } = await openSession(context);
    const frame = page.frameLocator('#notebook-frame');
    // The session writes into its own static custom folder (JUPYTER_CONFIG_DIR/custom).
    const write =
      'import os; d = os.path.join(os.environ.get("JUPYTER_CONFIG_DIR", os.path.expanduser("~/.jupyter")), "custom"); ' +
      'os.makedirs(d, exist_ok=True); open(os.path.join(d, "evil.js"), "w").write("window.pwned = 1"); print("written")';
    assert.equal((await runFirstCell(page, frame, write)).trim(), 'written');
    const key = /nbstatic\/([a-z0-9-]+)\//.exec(await frame.locator('html').innerHTML())?.[1];
    assert.ok(key);
    const status = (path: string) =>
      page.evaluate(async (url) => (await fetch(url, { cache: 'no-store' })).status, path);
    assert.equal(await status(`${sessionPath}custom/evil.js`), 200, 'the session serves it');
    const base = `${nbstatic()}${key}/`;
    assert.equal(await status(`${base}custom/evil.js`), 404, 'nbstatic does not');
    assert.equal(await status(`${base}custom/custom.js`), 200, 'the copy’s own file is there');

    // node:http sends the path as written (fetch would resolve `%2e%2e` first).
    const { hostname, port } = new URL(hub.url);
    const raw = (path: string) =>
      new Promise<number>((resolve, reject) =>
        get({ hostname, port, path }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject),
      );
    assert.equal(await raw(`${base}base/images/logo.png`), 200);
    for (const bad of [
      `${base}..%2f..%2fhub.sqlite`,
      `${base}%2e%2e/%2e%2e/state/hub.sqlite`,
      `${base}base/%2e%2e/%2e%2e/%2e%2e/etc/passwd`,
      `${base}base`,
      `${base}`,
      `${nbstatic()}not-a-copy/base/images/logo.png`,
      `${nbstatic()}..%2f/base/images/logo.png`,
    ]) {
      assert.equal(await raw(bad), 404, bad);
    }
  } finally {
    await context.close();
  }
});
