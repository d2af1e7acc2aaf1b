/**
 * The fixtures of a browser suite with one page: a test hub (made by `startHub`, first in
 * `before`), a Chromium and one page in a fresh context (`newPage`), all closed in `after`,
 * page first, hub last. Call it inside the `describe`; read the fields in tests and hooks
 * (they are set by `before`).
 */
import { after, before } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import type { TestHub } from '../helpers/hub.js';
import { newPage } from './ui.js';

export interface HubPage {
  readonly hub: TestHub;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
}

export function hubPage(startHub: () => Promise<TestHub>): HubPage {
  const fixture: Partial<{ -readonly [K in keyof HubPage]: HubPage[K] }> = {};
  before(async () => {
    fixture.hub = await startHub();
    fixture.browser = await launchBrowser();
    ({ context: fixture.context, page: fixture.page } = await newPage(fixture.browser));
  });
  after(async () => {
    await fixture.context?.close();
    await fixture.browser?.close();
    await fixture.hub?.close();
  });
  return fixture as HubPage;
}
