/**
 * The browser a benchmark visit runs in: a first-time visitor (a fresh context per visit:
 * empty cache, no cookie) or a returning one (one context kept across visits, so Chromium's
 * HTTP cache and the hub's cookie carry over; a new tab per visit).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { onCleanup } from './cleanup.js';

/** Generous: the machine is shared; a wait this long means something is broken. */
export const visitTimeout = 90_000;

export interface VisitorBrowser {
  open(): Promise<{ page: Page; close(): Promise<void> }>;
}

const contextOptions = { viewport: { width: 1280, height: 800 } };

export function firstTimeVisitors(browser: Browser): VisitorBrowser {
  return {
    async open() {
      const context = await browser.newContext(contextOptions);
      return { page: await newPage(context), close: () => context.close() };
    },
  };
}

export async function returningVisitor(browser: Browser): Promise<VisitorBrowser> {
  const context = await browser.newContext(contextOptions);
  onCleanup('browser context', () => context.close());
  return {
    async open() {
      const page = await newPage(context);
      return { page, close: () => page.close() };
    },
  };
}

async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(visitTimeout);
  return page;
}
