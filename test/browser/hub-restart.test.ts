// The visitor's page across a hub restart: SIGTERM ends the page's event stream with
// `event: restart`; the page keeps the session panel, opens a new stream once the hub is
// back, and follows the same session (re-adopted) again.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { LocalSpawner } from '../../src/spawners/local/local-spawner.js';
import { launchBrowser } from '../helpers/browser.js';
import { freePort, killHard, startHubProcess, type HubProcess } from '../helpers/hub-process.js';
import { launchFromPage, newPage, notebookReady, slow } from './ui.js';

const dataDir = mkdtempSync(join(tmpdir(), 'cnh-page-restart-'));
chmodSync(dataDir, 0o711);
const spawner = new LocalSpawner({ pythonPath: '/usr/bin/python3', uid: 64000, dataDir });
let hub: HubProcess | undefined;
let browser: Browser | undefined;

after(async () => {
  await browser?.close();
  if (hub) await killHard(hub);
  for (const server of await spawner.listOwned()) await spawner.stop(server.state);
  rmSync(dataDir, { recursive: true, force: true });
});

interface StreamLog {
  opened: number;
  restarts: number;
  /** Session events: [stream number, session id, state]. */
  sessions: [number, string, string][];
}

/** Counts the page's event streams and what arrives on them. */
async function watchEventStreams(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const log: StreamLog = { opened: 0, restarts: 0, sessions: [] };
    (window as unknown as { streamLog: StreamLog }).streamLog = log;
    const Original = window.EventSource;
    window.EventSource = class extends Original {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        const n = ++log.opened;
        this.addEventListener('restart', () => log.restarts++);
        this.addEventListener('session', (event) => {
          const view = JSON.parse((event as MessageEvent<string>).data) as {
            id: string;
            state: string;
          };
          log.sessions.push([n, view.id, view.state]);
        });
      }
    };
  });
}

const streamLog = (page: Page) =>
  page.evaluate(() => (window as unknown as { streamLog: StreamLog }).streamLog);

async function waitFor(page: Page, what: string, ok: (log: StreamLog) => boolean) {
  const deadline = Date.now() + slow;
  for (;;) {
    const log = await streamLog(page);
    if (ok(log)) return log;
    if (Date.now() > deadline) throw new Error(`${what}: ${JSON.stringify(log)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the page re-attaches to its session after a hub restart', async () => {
  const port = await freePort();
  const args = ['--port', String(port), '--data', dataDir, '--spawner', 'local'];
  const env = { HUB_ADMIN_TOKEN: 'page-restart-admin-token', HUB_POOL_SIZE: '0' };
  hub = await startHubProcess(args, env);
  browser = await launchBrowser();
  const { page } = await newPage(browser);
  await watchEventStreams(page);
  await launchFromPage(page, hub.url, 'welcome.ipynb');
  await notebookReady(page);
  const before = await waitFor(page, 'ready on the first stream', (log) =>
    log.sessions.some(([, , state]) => state === 'ready'),
  );
  const sessionId = before.sessions.at(-1)![1];

  const exited = new Promise((resolve) => hub!.child.once('close', resolve));
  hub.child.kill('SIGTERM');
  await exited;
  const ended = await waitFor(page, 'the restart event', (log) => log.restarts >= 1);
  const streamsBefore = ended.opened;

  hub = await startHubProcess(args, env);
  const after = await waitFor(page, 'a new stream following the same session', (log) =>
    log.sessions.some(
      ([n, id, state]) => n > streamsBefore && id === sessionId && state === 'ready',
    ),
  );
  assert.ok(after.opened > streamsBefore);
  assert.ok(await page.locator('#session').isVisible(), 'the session panel stayed');
});
