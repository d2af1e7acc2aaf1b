/**
 * Notebook code never acts as the admin. In one Chromium profile an admin is signed in to
 * the dashboard (the admin listener, an origin of its own) and runs a session. Then:
 * - an HTML file the session serves (`/user/<id>/files/evil.html`), and
 * - a notebook cell displaying JavaScript
 * each try to read the dashboard (for its CSRF token) and change `max_sessions`, on the
 * admin origin and on the public one. Both run (their reports come back) and both fail;
 * the settings are unchanged afterwards, and Jupyter's own `sandbox` CSP reaches the
 * browser on `/files/`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { gotoPage, launchBrowser } from '../helpers/browser.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { launchFromPage, newPage, notebookReady, runFirstCell, slow } from './ui.js';

/** The attack, as page JavaScript: reports what it could read and the PUTs' answers. */
function attack(bases: readonly string[], report: string): string {
  return `(async () => {
  const out = {};
  for (const base of ${JSON.stringify(bases)}) {
    try {
      const page = await fetch(base + 'admin', { credentials: 'include' });
      const text = await page.text();
      const csrf = (/data-csrf="([^"]+)"/.exec(text) || [])[1] || '';
      out[base + 'admin'] = csrf ? 'READ-CSRF' : 'status ' + page.status;
      const put = await fetch(base + 'api/admin/settings', {
        method: 'PUT',
        credentials: 'include',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ max_sessions: 1 }),
      });
      out[base + 'put'] = 'status ' + put.status;
    } catch (e) {
      out[base] = 'blocked: ' + e.message;
    }
  }
  ${report}('done:' + JSON.stringify(out));
})();`;
}

describe('notebook code cannot act as a signed-in admin', () => {
  let hub: TestHub;
  let browser: Browser;
  let context: BrowserContext;
  let adminPage: Page;
  let visitorPage: Page;
  let sessionId: string;
  let before_: Record<string, unknown>;

  const settingsNow = async () =>
    (await (await hub.admin('api/admin/settings')).json()) as Record<string, unknown>;

  before(async () => {
    hub = await startTestHub();
    browser = await launchBrowser();
    ({ context, page: adminPage } = await newPage(browser));
    await gotoPage(adminPage, `${hub.adminUrl}admin`);
    await adminPage.getByLabel('Admin token').fill(hub.adminToken);
    await adminPage.getByRole('button', { name: 'Sign in' }).click();
    await adminPage.getByRole('heading', { name: 'Live sessions' }).waitFor();
    visitorPage = await context.newPage();
    visitorPage.setDefaultTimeout(slow);
    await launchFromPage(visitorPage, hub.url, 'welcome.ipynb');
    await notebookReady(visitorPage);
    sessionId = [...hub.hub.manager.live.byId.keys()][0]!;
    before_ = await settingsNow();
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await hub?.close();
  });

  it('the admin really is signed in, in this browser', async () => {
    const status = await adminPage.evaluate(async () => (await fetch('api/admin/settings')).status);
    assert.equal(status, 200);
  });

  it("a session's HTML file runs, sandboxed, and gets nothing", async () => {
    const record = hub.hub.manager.live.get(sessionId)!.record;
    const html = `<!doctype html><title>evil</title><script>${attack(
      [hub.adminUrl, hub.url],
      '((r) => { document.title = r; })',
    )}</script>`;
    const put = await fetch(`${record.target}/user/${sessionId}/api/contents/evil.html`, {
      method: 'PUT',
      headers: { authorization: `token ${record.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'file', format: 'text', content: html }),
    });
    assert.equal(put.status, 201);

    const page = await context.newPage();
    page.setDefaultTimeout(slow);
    const response = await gotoPage(page, `${hub.url}user/${sessionId}/files/evil.html`);
    const csp = response?.headers()['content-security-policy'] ?? '';
    assert.match(csp, /(^|;)\s*sandbox allow-scripts/, `Jupyter's sandbox kept: ${csp}`);
    assert.match(csp, /frame-ancestors 'self'/, `the hub's frame-ancestors: ${csp}`);
    await page.waitForFunction(() => document.title.startsWith('done:'));
    const report = (await page.title()).slice(5);
    assert.doesNotMatch(report, /READ-CSRF|status 200/, report);
    await page.close();
    assert.deepEqual(await settingsNow(), before_);
  });

  it('a notebook cell displaying JavaScript runs and gets nothing', async () => {
    const record = hub.hub.manager.live.get(sessionId)!.record;
    const script = attack([hub.adminUrl, hub.url], '((r) => element.text(r))');
    await fetch(`${record.target}/user/${sessionId}/api/contents/attack.js`, {
      method: 'PUT',
      headers: { authorization: `token ${record.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'file', format: 'text', content: script }),
    });
    const frame = visitorPage.frameLocator('#notebook-frame');
    await runFirstCell(
      visitorPage,
      frame,
      "from IPython.display import Javascript; Javascript(filename='attack.js')",
    );
    const output = frame.locator('.code_cell').first().locator('.output_subarea');
    await output.getByText(/^done:/).waitFor();
    const report = (await output.innerText()).trim().slice(5);
    assert.doesNotMatch(report, /READ-CSRF|status 200/, report);
    assert.match(report, new RegExp(`${hub.url}put":"status 401`), 'public origin: no cookie auth');
    assert.deepEqual(await settingsNow(), before_);
    assert.equal(hub.hub.ctx.settings.get().max_sessions, 100);
  });
});
