/**
 * The admin dashboard in Chromium (on the admin listener, an origin of its own), next to a
 * visitor's page: sign-in with the admin token
 * (a wrong one is refused), the HttpOnly/Strict cookie, CSRF required for changes, the
 * live session shown and stopped from the dashboard (the visitor's page says an
 * administrator ended it), a bad setting shown next to its field, good settings applied
 * to the next launch, the history chart and its API, sign-out.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { launchFromPage, newPage, notebookReady, screenshot } from './ui.js';

describe('the admin dashboard', () => {
  let hub: TestHub;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let admin: Page;
  let visitor: Page;
  let sessionId: string;

  before(async () => {
    hub = await startTestHub();
    browser = await launchBrowser();
    for (let i = 0; i < 2; i++) contexts.push((await newPage(browser)).context);
    admin = contexts[0]!.pages()[0]!;
    visitor = contexts[1]!.pages()[0]!;
    await launchFromPage(visitor, hub.url, 'welcome.ipynb');
    await notebookReady(visitor);
    sessionId = [...hub.hub.manager.live.byId.keys()][0]!;
  });
  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await hub?.close();
  });

  it('refuses a wrong token and signs in with the right one', async () => {
    await admin.goto(`${hub.adminUrl}admin`);
    await admin.getByLabel('Admin token').fill('not-the-token-at-all');
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByText('That token is not right.').waitFor();
    assert.deepEqual(await contexts[0]!.cookies(), []);

    await admin.getByLabel('Admin token').fill(hub.adminToken);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('heading', { name: 'Live sessions' }).waitFor();
    const [cookie] = await contexts[0]!.cookies();
    assert.equal(cookie?.name, 'cnh_admin');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    assert.equal(cookie.path, '/');
    assert.ok(cookie.expires > Date.now() / 1000 && cookie.expires < Date.now() / 1000 + 3600);
  });

  it('shows the live session, the capacity and the chart', async () => {
    const row = admin.locator(`tr[data-session="${sessionId}"]`);
    await row.waitFor();
    const cells = await row.locator('td').allInnerTexts();
    assert.deepEqual(cells.slice(0, 4), [
      sessionId.slice(0, 8),
      'guest',
      'Welcome to ckan-notebook-hub',
      'ready',
    ]);
    await admin.getByText('1 of 100 sessions in use · nobody waiting').waitFor();
    await admin.locator('#chart svg rect.c-launch').first().waitFor();
    await admin
      .locator('#history-summary')
      .getByText(/^1 launch and 0 ends in this period; mean launch time \d+\.\d s\.$/)
      .waitFor();
    await screenshot(admin, 'admin-dashboard');
  });

  it('needs the CSRF token for changes made with the cookie', async () => {
    const status = (headers: Record<string, string>, method = 'DELETE') =>
      admin.evaluate(
        async ([id, h, m]) =>
          (await fetch(`/api/admin/sessions/${id}`, { method: m, headers: h })).status,
        [sessionId, headers, method] as const,
      );
    assert.equal(await status({}), 403);
    assert.equal(await status({ 'X-CSRF-Token': 'forged' }), 403);
    assert.equal(await status({}, 'GET'), 404, 'GET needs no CSRF token (no such route)');
    assert.equal(hub.hub.manager.live.get(sessionId)?.record.state, 'ready');
  });

  it('the cookie means nothing on the public origin, where sessions run', async () => {
    const [cookie] = await contexts[0]!.cookies();
    const onPublic = await fetch(`${hub.url}api/admin/settings`, {
      headers: { cookie: `cnh_admin=${cookie!.value}` },
    });
    assert.equal(onPublic.status, 401);
    assert.equal((await fetch(`${hub.url}admin`)).status, 404);
    const onAdmin = await fetch(`${hub.adminUrl}api/admin/settings`, {
      headers: { cookie: `cnh_admin=${cookie!.value}` },
    });
    assert.equal(onAdmin.status, 200);
  });

  it('stops the session; the visitor’s page says an administrator ended it', async () => {
    const row = admin.locator(`tr[data-session="${sessionId}"]`);
    await row.getByRole('button', { name: `Stop session ${sessionId.slice(0, 8)}` }).click();
    await row.getByRole('button', { name: 'Yes, stop it' }).click();
    await visitor.locator('#ended').waitFor({ state: 'visible' });
    assert.equal(
      await visitor.locator('#ended-reason').innerText(),
      'It was ended by an administrator.',
    );
    await admin.getByText(`Session ${sessionId.slice(0, 8)} was stopped.`).waitFor();
    await row.waitFor({ state: 'detached' });
    await admin.getByText('No live sessions.').waitFor();
    await screenshot(visitor, 'ended-by-admin');
  });

  it('shows a bad setting’s error next to its field and changes nothing', async () => {
    const field = admin.getByLabel('Idle timeout (seconds)');
    await field.fill('3');
    await admin.getByRole('button', { name: 'Save settings' }).click();
    const error = admin.locator('#setting-idle_timeout_seconds-error');
    await error.waitFor({ state: 'visible' });
    assert.match(await error.innerText(), /5/);
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    assert.equal(
      await admin.evaluate(() => document.activeElement?.id),
      'setting-idle_timeout_seconds',
    );
    assert.ok(await admin.locator('#setting-max_sessions-error').isHidden());
    assert.equal(hub.hub.ctx.settings.get().idle_timeout_seconds, 1200);
    await screenshot(admin, 'admin-settings-error');
  });

  it('applies good settings to the next launch', async () => {
    await admin.getByLabel('Idle timeout (seconds)').fill('900');
    await admin.getByLabel('Maximum lifetime (seconds)').fill('1800');
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await admin.getByText('Saved. The new settings apply to the next launch.').waitFor();
    assert.ok(await admin.locator('#setting-idle_timeout_seconds-error').isHidden());

    await visitor.getByRole('button', { name: 'Start again from the original' }).click();
    await notebookReady(visitor);
    const [live] = [...hub.hub.manager.live.byId.values()];
    assert.equal(live?.record.limits.idleTimeoutSeconds, 900);
    assert.equal(live?.record.limits.maxLifetimeSeconds, 1800);
    assert.match(
      await visitor.locator('#time-left').innerText(),
      /^Time left: 1[45]:\d\d if idle · (29:\d\d|30:00) at most$/,
    );
  });

  it('switches exploring datasets off and chooses the formats, kept after a reload', async () => {
    const toggle = admin.getByLabel('Explore datasets in Jupyter');
    assert.ok(await toggle.isChecked(), 'on by default');
    assert.match(
      await admin.locator('#setting-explore_datasets-hint').innerText(),
      /Default: on\./,
    );
    const formats = admin.getByRole('group', { name: 'Formats the starter notebook loads' });
    assert.ok(await formats.getByLabel('xlsx').isChecked());
    assert.ok(!(await formats.getByLabel('ods').isChecked()), 'not a default');
    await toggle.uncheck();
    await formats.getByLabel('xlsx').uncheck();
    await formats.getByLabel('geojson').uncheck();
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await admin.getByText('Saved. The new settings apply to the next launch.').waitFor();
    const saved = hub.hub.ctx.settings.get();
    assert.equal(saved.explore_datasets, false);
    assert.deepEqual(saved.explore_formats, ['csv', 'tsv', 'json']);
    assert.equal(saved.idle_timeout_seconds, 900, 'the fields left alone are not sent again');

    await admin.reload();
    await admin.getByLabel('Explore datasets in Jupyter').waitFor();
    await admin.waitForFunction(() =>
      [...document.querySelectorAll<HTMLInputElement>('input[name=explore_formats]')].some(
        (b) => b.checked,
      ),
    );
    assert.ok(!(await admin.getByLabel('Explore datasets in Jupyter').isChecked()));
    assert.ok(!(await formats.getByLabel('xlsx').isChecked()));
    assert.ok(await formats.getByLabel('csv').isChecked());
    await screenshot(admin, 'admin-explore-settings');
    await admin.getByLabel('Explore datasets in Jupyter').check();
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await admin.getByText('Saved. The new settings apply to the next launch.').waitFor();
    assert.equal(hub.hub.ctx.settings.get().explore_datasets, true);
  });

  it('serves the chart’s history, bucketed, to the admin only', async () => {
    const response = await hub.admin('api/admin/history?hours=6');
    const history = (await response.json()) as {
      buckets: unknown[];
      bucket_seconds: number;
      totals: { launches: number; ends: Record<string, number> };
    };
    assert.equal(history.bucket_seconds, 900);
    assert.equal(history.buckets.length, 24);
    assert.equal(history.totals.launches, 2);
    assert.equal(history.totals.ends.admin, 1);
    assert.equal((await hub.admin('api/admin/history?hours=49')).status, 400);
    assert.equal((await fetch(`${hub.url}api/admin/history`)).status, 401);

    await admin.locator('#history-hours').selectOption('1');
    await admin.locator('#chart svg rect.c-admin').waitFor();
    await admin
      .locator('#history-summary')
      .getByText(/^2 launches and 1 end in this period/)
      .waitFor();
    await screenshot(admin, 'admin-dashboard-history', true);
  });

  it('signs out: the page shows the sign-in form and the old cookie is worthless', async () => {
    const [cookie] = await contexts[0]!.cookies();
    await admin.getByRole('button', { name: 'Sign out' }).click();
    await admin.getByLabel('Admin token').waitFor();
    const replay = await fetch(`${hub.adminUrl}api/admin/settings`, {
      headers: { cookie: `cnh_admin=${cookie!.value}` },
    });
    assert.equal(replay.status, 401);
  });
});
