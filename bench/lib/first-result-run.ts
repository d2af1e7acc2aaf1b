/**
 * One timed visit of the first-result benchmark, in the given visitor's browser
 * (visitor-browser.ts: a first-time visitor by default):
 *   - hub: open the run page, click "Run this notebook" (t0), then the session panel, the
 *     notebook UI, the kernel idle and the cells' outputs; the session is ended after;
 *   - baseline: t0 is the start of the bare server (what the click starts), "session
 *     ready" its first answer through CHP, then the notebook page opened directly.
 * Every mark is in ms since t0; the request summary explains where the time went.
 */
import type { Page } from 'playwright-core';
import { artifactPath, gotoPage } from '../../test/helpers/browser.js';
import type { TestHub } from '../../test/helpers/hub.js';
import { startBare, type BareKind } from './bare-notebook.js';
import type { Chp } from './chp.js';
import { exampleRunPath } from './example-workspace.js';
import { measureNotebook, type NotebookMarks } from './notebook-timing.js';
import { RequestRecorder, type RequestSummary } from './request-recorder.js';
import { visitTimeout, type VisitorBrowser } from './visitor-browser.js';

export interface Visit extends NotebookMarks {
  sessionReady: number;
  t0: number;
  requests: RequestSummary;
}

/** Runs `body` in a new page; a failure gets a screenshot and the page's failed requests. */
async function withPage<T>(
  visitor: VisitorBrowser,
  name: string,
  body: (page: Page, recorder: RequestRecorder) => Promise<T>,
): Promise<T> {
  const { page, close } = await visitor.open();
  const recorder = new RequestRecorder(page);
  try {
    return await body(page, recorder);
  } catch (error) {
    const shot = artifactPath(`first-result/${name}-${Date.now()}.png`);
    await page.screenshot({ path: shot }).catch(() => undefined);
    const frames = page.frames().map((f) => f.url());
    throw new Error(
      `${name} visit failed: ${String(error).split('\n')[0]}; frames ${frames.join(' ')}; ` +
        `failed requests: ${recorder.failed.join(', ') || 'none'}; screenshot ${shot}`,
      { cause: error },
    );
  } finally {
    await close();
  }
}

export function hubVisit(visitor: VisitorBrowser, hub: TestHub): Promise<Visit> {
  return withPage(visitor, 'hub', async (page, recorder) => {
    const manager = hub.hub.manager;
    await gotoPage(page, `${hub.url}${exampleRunPath}`);
    const button = page.getByRole('button', { name: 'Run this notebook' });
    await button.waitFor();
    const t0 = Date.now();
    try {
      await button.click();
      await page.locator('#session').waitFor({ state: 'visible' });
      const sessionReady = Date.now() - t0;
      const frame = await (await page.locator('#notebook-frame').elementHandle())!.contentFrame();
      const marks = await measureNotebook(frame!, t0, visitTimeout);
      return { ...marks, sessionReady, t0, requests: await recorder.summary() };
    } finally {
      // This visitor's session (the only live one that the pool does not hold).
      const ids = [...manager.live.byId.keys()].filter((id) => !manager.pool?.owns(id));
      await Promise.all(ids.map((id) => manager.end(id, 'visitor')));
    }
  });
}

export function bareVisit(visitor: VisitorBrowser, kind: BareKind, index: number, chp: Chp) {
  return withPage(visitor, `baseline-${kind}`, async (page, recorder): Promise<Visit> => {
    const t0 = Date.now();
    const server = await startBare(kind, index, chp);
    try {
      const sessionReady = Date.now() - t0;
      await page.goto(server.notebookUrl, { waitUntil: 'commit' });
      const marks = await measureNotebook(page.mainFrame(), t0, visitTimeout);
      return { ...marks, sessionReady, t0, requests: await recorder.summary() };
    } finally {
      await server.stop();
    }
  });
}
