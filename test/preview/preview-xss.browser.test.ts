/**
 * The preview against the hostile corpus in a real Chromium: each payload would request
 * a beacon (and scripts would set `top.__xss` or open a dialog) if it ran or loaded. A
 * control page without defences proves the payloads are live here; the sanitizer alone
 * and the headers alone must each stop them; the real route, loaded directly and framed
 * by the launcher's sandboxed iframe, must stop them and still show the legit content.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, gotoPage, launchBrowser } from '../helpers/browser.js';
import { hostileHtml, hostileMarkdown } from './fixtures/hostile-corpus.js';
import { legitPngWidth } from './fixtures/hostile-notebook.js';
import { exercise, inspectPreview } from './fixtures/inspect-preview.js';
import { startXssServer, type XssServer } from './fixtures/xss-server.js';

// How long the defended pages are watched for a payload that fires: "nothing happened"
// cannot be waited for, so it is a multiple of the time every live payload needed to
// fire in the undefended control page, measured in this run (a loaded machine gets a
// longer watch, up to 15 s). Before the control has run (a filtered run), a conservative default.
let controlFiredMs: number | null = null;
const quietMs = () =>
  controlFiredMs === null ? 5000 : Math.min(15_000, Math.max(500, 3 * controlFiredMs));
const keywordColour = 'rgb(207, 34, 46)';

describe('preview XSS in Chromium', () => {
  let server: XssServer;
  let browser: Browser;

  before(async () => {
    server = await startXssServer();
    browser = await launchBrowser({ args: ['--host-resolver-rules=MAP *.test 127.0.0.1'] });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /**
   * Opens `url` in a fresh context (and waits for the frame whose URL contains `framePart`
   * to load), triggers everything, waits, and reports what happened.
   */
  async function visit(url: string, screenshot: string, framePart?: string) {
    const context = await browser.newContext();
    const page: Page = await context.newPage();
    const dialogs: string[] = [];
    const popups: string[] = [];
    const consoleLines: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    context.on('page', (popup) => popups.push(popup.url()));
    page.on('console', (message) => consoleLines.push(message.text()));
    const framed = framePart ? page.waitForResponse((r) => r.url().includes(framePart)) : undefined;
    const response = await gotoPage(page, url);
    const frameResponse = await framed;
    await frameResponse?.frame().waitForLoadState('load');
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    await exercise(page);
    await page.waitForTimeout(quietMs());
    await page.screenshot({ path: artifactPath(`preview/${screenshot}.png`), fullPage: true });
    return { context, page, response, frameResponse, dialogs, popups, navigations, consoleLines };
  }

  /**
   * Opens every raw payload page under `path` at once; reports dialogs and moved pages.
   * `fired` (the control) is waited for instead of the quiet period, and timed. A load
   * Chromium aborted because the host's network changed (`ERR_NETWORK_CHANGED`: a
   * container of a parallel test brought its interface up) is reported: a beacon lost that
   * way says nothing about the payload, so the control visits again.
   */
  async function visitEachPayload(path: string, tag: string, fired?: (dialogs: number) => boolean) {
    const context = await browser.newContext();
    const dialogs: string[] = [];
    const popups: string[] = [];
    let networkChanged = false;
    context.on('requestfailed', (request) => {
      if (request.failure()?.errorText.includes('ERR_NETWORK_CHANGED')) networkChanged = true;
    });
    context.on('page', (page) =>
      page.on(
        'dialog',
        (dialog) => void dialog.dismiss().then(() => dialogs.push(dialog.message())),
      ),
    );
    const pages = await Promise.all(
      corpus.map(async ({ id }) => {
        const page = await context.newPage();
        const url = `${server.origin}${path}/${id}?tag=${tag}`;
        await gotoPage(page, url);
        return { page, url };
      }),
    );
    context.on('page', (popup) => popups.push(popup.url()));
    const exercised = performance.now();
    await Promise.all(pages.map(({ page }) => exercise(page)));
    if (fired) {
      const deadline = exercised + 120_000;
      while (!fired(dialogs.length) && !networkChanged && performance.now() < deadline) {
        await pages[0]?.page.waitForTimeout(50);
      }
      controlFiredMs = performance.now() - exercised;
    } else {
      await pages[0]?.page.waitForTimeout(quietMs());
    }
    const moved = pages.filter(({ page, url }) => page.url() !== url).map(({ url }) => url);
    await context.close();
    return { dialogs, popups, moved, networkChanged };
  }

  const corpus = [...hostileHtml(() => ''), ...hostileMarkdown(() => '')];

  it('control: the live payloads do fire when served raw, with no defence', async () => {
    const live = corpus.filter((p) => p.live).map((p) => p.id);
    const missing = () =>
      corpus.filter((p) => p.live && !server.hits('control').includes(p.id)).map((p) => p.id);
    const firedAll = (dialogs: number) => dialogs > 0 && missing().length === 0;
    // Up to three visits, and another only when the one before lost loads to a network change.
    let run = await visitEachPayload('/control', 'control', firedAll);
    for (let visit = 2; visit <= 3 && run.networkChanged && !firedAll(run.dialogs.length); visit++)
      run = await visitEachPayload('/control', 'control', firedAll);
    assert.ok(live.length > 0, 'the corpus has live payloads');
    assert.deepEqual(missing(), [], `live payloads that did not fire: ${missing().join(', ')}`);
    assert.ok(run.dialogs.length > 0, 'the script payload opened no dialog');
  });

  it('the headers alone (CSP sandbox) stop every raw payload', async () => {
    const run = await visitEachPayload('/csp-only', 'csp');
    assert.deepEqual(server.hits('csp'), []);
    assert.deepEqual([run.dialogs, run.popups, run.moved], [[], [], []]);
  });

  it('the sanitizer alone stops the corpus, with scripts enabled and no CSP', async () => {
    const run = await visit(`${server.origin}/sanitized-only?tag=sanitized`, 'sanitized-only');
    assert.deepEqual(server.hits('sanitized'), []);
    assert.deepEqual([run.dialogs, run.popups, run.navigations], [[], [], []]);
    const seen = await inspectPreview(run.page.mainFrame());
    assert.deepEqual(seen.dangers, []);
    assert.equal(seen.xssMarker, 'undefined');
    assert.equal(seen.getElementById, 'function');
    await run.context.close();
  });

  it('the preview route, loaded directly: nothing runs, legit content shows, strict headers', async () => {
    const url = `${server.origin}/hub/preview/notebooks/direct.ipynb`;
    const run = await visit(url, 'direct');
    assert.deepEqual(server.hits('direct'), []);
    assert.deepEqual([run.dialogs, run.popups, run.navigations], [[], [], []]);
    assert.equal(run.page.url(), url);
    const headers = run.response?.headers() ?? {};
    assert.equal(
      headers['content-security-policy'],
      `default-src 'none'; img-src data:; style-src 'self'; sandbox allow-popups allow-popups-to-escape-sandbox; frame-ancestors ${server.origin}; base-uri 'none'; form-action 'none'`,
    );
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.equal(headers['referrer-policy'], 'no-referrer');
    const seen = await inspectPreview(run.page.mainFrame());
    assert.deepEqual(seen.dangers, []);
    assert.equal(seen.xssMarker, 'undefined');
    assert.equal(seen.getElementById, 'function');
    assert.ok(seen.hasLegitHeading, 'legit heading missing');
    assert.ok(seen.codeKeywords > 0, 'code cell not highlighted');
    assert.equal(seen.pngWidth, legitPngWidth, 'PNG output did not decode');
    assert.equal(seen.keywordColour, keywordColour, 'preview stylesheet not applied');
    assert.ok(seen.javascriptNote, 'no note for the dropped JavaScript output');
    await run.context.close();
  });

  it('the preview route, framed by the launcher with <iframe sandbox>: same result', async () => {
    const outer = `${server.origin}/outer?tag=framed`;
    const run = await visit(outer, 'framed', '/hub/preview/notebooks/framed.ipynb');
    assert.deepEqual(server.hits('framed'), []);
    assert.deepEqual([run.dialogs, run.popups, run.navigations], [[], [], []]);
    assert.equal(run.page.url(), outer);
    assert.equal(
      await run.page.evaluate(() => typeof (window as unknown as { __xss?: unknown }).__xss),
      'undefined',
    );
    const frame = run.page
      .frames()
      .find((f) => f.url().includes('/hub/preview/notebooks/framed.ipynb'));
    assert.ok(
      frame,
      `preview frame missing: ${run.page
        .frames()
        .map((f) => f.url())
        .join(' ')}`,
    );
    assert.equal(
      await run.page.locator('iframe').getAttribute('sandbox'),
      'allow-popups allow-popups-to-escape-sandbox',
    );
    const seen = await inspectPreview(frame);
    assert.deepEqual(seen.dangers, []);
    assert.ok(
      seen.hasLegitHeading && seen.codeKeywords > 0 && seen.pngWidth === legitPngWidth,
      'legit content missing',
    );
    assert.equal(seen.keywordColour, keywordColour, 'preview stylesheet not applied in the frame');
    await run.context.close();
  });

  it('refuses to be framed by an origin outside frame-ancestors', async () => {
    const run = await visit(
      `${server.foreignOrigin}/outer?tag=foreign`,
      'framed-foreign-origin',
      '/hub/preview/',
    );
    assert.match(
      run.frameResponse?.headers()['content-security-policy'] ?? '',
      new RegExp(`frame-ancestors ${server.origin};`),
    );
    const frame = run.page.frames().find((f) => f !== run.page.mainFrame());
    assert.ok(frame, 'no child frame');
    const rendered = await frame
      .evaluate(() => document.querySelector('.nb-notebook') !== null)
      .catch(() => false);
    assert.equal(rendered, false, 'the preview rendered inside a foreign page');
    assert.ok(
      run.consoleLines.some((line) => line.includes('frame-ancestors')),
      `no frame-ancestors refusal logged: ${run.consoleLines.join(' | ')}`,
    );
    assert.deepEqual(server.hits('foreign'), []);
    await run.context.close();
  });
});
