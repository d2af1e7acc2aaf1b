/**
 * One timed visit of the first-result benchmark, in a fresh browser context (empty cache,
 * no cookie: a first-time visitor):
 *   - hub: open the run page, click "Run this notebook" (t0), then the session panel, the
 *     notebook UI, the kernel idle and the cells' outputs; the session is ended after;
 *   - baseline: t0 is the start of the bare server (what the click starts), "session
 *     ready" its first answer through CHP, then the notebook page opened directly.
 * Every mark is in ms since t0; the request summary explains where the time went.
 */
import type { Browser, Page } from 'playwright-core';
import { gotoPage } from '../../test/helpers/browser.js';
import type { TestHub } from '../../test/helpers/hub.js';
import { startBare, type BareKind } from './bare-notebook.js';
import type { Chp } from './chp.js';
import { exampleRunPath } from './example-workspace.js';
import { measureNotebook, type NotebookMarks } from './notebook-timing.js';
import { RequestRecorder, type RequestSummary } from './request-recorder.js';

export interface Visit extends NotebookMarks {
  sessionReady: number;
  t0: number;
  requests: RequestSummary;
}

/** Generous: the machine is shared; a wait this long means something is broken. */
const timeout = 180_000;

async function withPage<T>(browser: Browser, body: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    return await body(page);
  } finally {
    await context.close();
  }
}

export function hubVisit(browser: Browser, hub: TestHub): Promise<Visit> {
  return withPage(browser, async (page) => {
    const recorder = new RequestRecorder(page);
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
      const marks = await measureNotebook(frame!, t0, timeout);
      return { ...marks, sessionReady, t0, requests: await recorder.summary() };
    } finally {
      // This visitor's session (the only live one that the pool does not hold).
      const ids = [...manager.live.byId.keys()].filter((id) => !manager.pool?.owns(id));
      await Promise.all(ids.map((id) => manager.end(id, 'visitor')));
    }
  });
}

export function bareVisit(browser: Browser, kind: BareKind, index: number, chp: Chp) {
  return withPage(browser, async (page): Promise<Visit> => {
    const recorder = new RequestRecorder(page);
    const t0 = Date.now();
    const server = await startBare(kind, index, chp);
    try {
      const sessionReady = Date.now() - t0;
      await page.goto(server.notebookUrl, { waitUntil: 'commit' });
      const marks = await measureNotebook(page.mainFrame(), t0, timeout);
      return { ...marks, sessionReady, t0, requests: await recorder.summary() };
    } finally {
      await server.stop();
    }
  });
}
