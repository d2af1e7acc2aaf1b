/**
 * Browser tests run Debian's Chromium through playwright-core (no downloaded browsers).
 * Each launch gets a fresh profile: `chromium.launch` refuses `--user-data-dir` and
 * instead creates its own temporary `--user-data-dir`, deleted when the browser closes.
 */
import { mkdirSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';

/** Where Debian installs Chromium (`apt-get install -y chromium`). */
export const chromiumPath = '/usr/bin/chromium';

const flags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Options of {@link launchBrowser}. */
export interface LaunchBrowserOptions {
  /** Extra Chromium switches, e.g. `--host-resolver-rules=MAP *.test 127.0.0.1`. */
  readonly args?: readonly string[];
}

/** Launches headless Chromium with the project's flags and a throw-away profile. */
export async function launchBrowser(options: LaunchBrowserOptions = {}): Promise<Browser> {
  await access(chromiumPath).catch(() => {
    throw new Error(
      `Chromium not found at ${chromiumPath}; install it with: apt-get install -y chromium`,
    );
  });
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [...flags, ...(options.args ?? [])],
  });
}

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Absolute path for a test artifact (screenshots, traces) under `test-artifacts/`, which
 * is git-ignored; parent folders are created. `name` may contain folders: `preview/a.png`.
 */
export function artifactPath(name: string): string {
  const path = join(repositoryRoot, 'test-artifacts', name);
  mkdirSync(dirname(path), { recursive: true });
  return path;
}

/**
 * `page.goto` until `load`, retried when Chromium reports `ERR_NETWORK_CHANGED`: on a shared
 * host other work creates and removes network interfaces (containers), which aborts loads.
 */
export async function gotoPage(page: Page, url: string, attempts = 3): Promise<Response | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await page.goto(url, { waitUntil: 'load' });
    } catch (error) {
      // Chromium reports a network change as that error, or by re-navigating on its own
      // (an auto-reload, or an error page) before the load completes.
      const networkChanged = /ERR_NETWORK_CHANGED|interrupted by another navigation/.test(
        String(error),
      );
      if (attempt >= attempts || !networkChanged) throw error;
    }
  }
}
