/**
 * Helpers for the browser tests of the visitor's and the admin's pages: open the run
 * page, record the progress stages as the page shows them, drive the classic Notebook 6
 * UI inside the session frame, and save screenshots under test-artifacts/ui/.
 */
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { artifactPath } from '../helpers/browser.js';

export const stageOrder = [
  'queued',
  'fetching',
  'starting',
  'scheduling',
  'preparing',
  'connecting',
  'ready',
];
/** Jupyter servers start in seconds, but these machines are shared: waits are generous. */
export const slow = 90_000;

export async function newPage(
  browser: Browser,
  viewport = { width: 1280, height: 800 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(slow);
  return { context, page };
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: artifactPath(`ui/${name}.png`), fullPage });
}

/** Starts recording, in order, each stage the page marks as current. */
export async function recordStages(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { stagesSeen: string[] }).stagesSeen = seen;
    const list = document.getElementById('stages')!;
    new MutationObserver(() => {
      const current = list.querySelector<HTMLElement>('li[data-state="current"]')?.dataset.stage;
      if (current && seen.at(-1) !== current) seen.push(current);
    }).observe(list, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
  });
}

export async function stagesSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { stagesSeen: string[] }).stagesSeen);
}

/** Clicks "Run this notebook" on the run page for `notebook` (a directory-source path). */
export async function launchFromPage(page: Page, hubUrl: string, notebook: string): Promise<void> {
  await page.goto(`${hubUrl}run/notebooks/${notebook}`);
  await page.getByRole('button', { name: 'Run this notebook' }).click();
}

/**
 * The notebook frame once Notebook 6 has rendered its cells and its kernel is idle. On a
 * timeout the error says what the frame's page shows and which of its loads failed.
 */
export async function notebookReady(page: Page): Promise<FrameLocator> {
  await page.locator('#session').waitFor({ state: 'visible' });
  const frame = page.frameLocator('#notebook-frame');
  try {
    await frame.locator('#notebook-container .cell').first().waitFor();
    await frame.locator('#kernel_indicator_icon.kernel_idle_icon').waitFor();
  } catch (error) {
    throw new Error(`${String(error)}\nthe notebook frame: ${await frameState(page)}`);
  }
  return frame;
}

/** What the notebook frame shows, for a failure message (never throws). */
async function frameState(page: Page): Promise<string> {
  const frame = page
    .frames()
    .find((f) => f.name() === 'notebook-frame' || /\/user\//.test(f.url()));
  if (!frame) return 'no frame';
  return frame
    .evaluate(() => {
      const failed = performance
        .getEntriesByType('resource')
        .filter(
          (e) =>
            (e as PerformanceResourceTiming & { responseStatus?: number }).responseStatus === 0,
        )
        .map((e) => e.name);
      const jupyter = (window as { Jupyter?: { notebook?: { _fully_loaded?: boolean } } }).Jupyter;
      return JSON.stringify({
        url: location.href,
        require: typeof (window as { require?: unknown }).require,
        fullyLoaded: jupyter?.notebook?._fully_loaded ?? null,
        failed,
        text: document.body?.innerText.slice(0, 300),
      });
    })
    .catch((error: unknown) => `${frame.url()} (${String(error)})`);
}

/** Replaces the code of the first code cell by typing, runs it with Shift+Enter, returns its output. */
export async function runFirstCell(page: Page, frame: FrameLocator, code: string): Promise<string> {
  const cell = frame.locator('.code_cell').first();
  await cell.locator('.CodeMirror').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(code);
  await page.keyboard.press('Shift+Enter');
  const output = cell.locator('.output_area .output_subarea');
  await output.first().waitFor();
  return (await output.allInnerTexts()).join('\n');
}

/** The source text of the first code cell as the notebook UI shows it. */
export async function firstCellSource(frame: FrameLocator): Promise<string> {
  return frame.locator('.code_cell .CodeMirror-code').first().innerText();
}

/** Clicks a bar button that asks for confirmation, then confirms. */
export async function confirmAction(page: Page, button: string, yes: string): Promise<void> {
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.getByRole('button', { name: yes }).click();
}

export function assertInOrder(seen: readonly string[]): void {
  const indexes = seen.map((s) => stageOrder.indexOf(s));
  assert.ok(
    indexes.every((i) => i >= 0),
    `unknown stage in ${seen.join(', ')}`,
  );
  for (let i = 1; i < indexes.length; i++)
    assert.ok(indexes[i]! > indexes[i - 1]!, `stages out of order: ${seen.join(' → ')}`);
}
