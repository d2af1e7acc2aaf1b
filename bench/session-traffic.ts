/**
 * What one visitor's browser sends through the hub's proxy, for docs/scaling.md: Debian's
 * Chromium opens a notebook through the hub (Docker spawner, the run page's "Run this
 * notebook"), runs one cell, then leaves the notebook open and untouched. Counts HTTP
 * requests to `/user/<id>/…` and WebSocket frames (both directions) per phase:
 *   1. launch and notebook load, until Notebook 6 shows an idle kernel;
 *   2. one cell (`6*7`) typed and run;
 *   3. `idleSeconds` with the notebook open and nobody at it.
 *
 *   node --import tsx bench/session-traffic.ts [idleSeconds]
 * Writes bench/results/session-traffic.md.
 */
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../test/helpers/browser.js';
import { startTestHub } from '../test/helpers/hub.js';
import { launchFromPage, newPage, notebookReady, runFirstCell } from '../test/browser/ui.js';
import { markdownTable } from './lib/stats.js';

const idleSeconds = Number(process.argv[2] ?? 120);
const counts = { http: 0, cached: 0, wsSent: 0, wsReceived: 0, sockets: 0 };

function count(page: Page): void {
  page.context().on('requestfinished', (request) => {
    if (!new URL(request.url()).pathname.startsWith('/user/')) return;
    counts.http++;
    void request.response().then((r) => {
      if (r?.status() === 304) counts.cached++;
    });
  });
  page.on('websocket', (ws) => {
    if (!new URL(ws.url()).pathname.startsWith('/user/')) return;
    counts.sockets++;
    ws.on('framesent', () => counts.wsSent++);
    ws.on('framereceived', () => counts.wsReceived++);
  });
}

const snapshot = () => ({ ...counts });
const diff = (a: typeof counts, b: typeof counts) =>
  Object.fromEntries(
    Object.entries(b).map(([k, v]) => [k, v - a[k as keyof typeof counts]]),
  ) as typeof counts;

const hub = await startTestHub({ spawner: 'docker' });
const browser = await launchBrowser();
try {
  const { page } = await newPage(browser);
  count(page);
  const s0 = snapshot();
  await launchFromPage(page, hub.url, 'welcome.ipynb');
  const frame = await notebookReady(page).catch(async (e: unknown) => {
    throw new Error(`the notebook did not open: ${await page.locator('body').innerText()}`, {
      cause: e,
    });
  });
  const s1 = snapshot();
  const output = await runFirstCell(page, frame, '6*7');
  if (!output.includes('42')) throw new Error(`the cell printed ${output}`);
  await new Promise((r) => setTimeout(r, 2000)); // let the reply's trailing status frames arrive
  const s2 = snapshot();
  await new Promise((r) => setTimeout(r, idleSeconds * 1000));
  const s3 = snapshot();
  const row = (label: string, d: typeof counts) => [
    label,
    d.http,
    d.cached,
    d.wsSent + d.wsReceived,
    d.sockets,
  ];
  const idle = diff(s2, s3);
  const out = `### Traffic of one visitor through the proxy (${new Date().toISOString().slice(0, 10)})

${markdownTable(
  ['phase', 'HTTP requests', 'of them 304', 'WebSocket frames (both ways)', 'WebSockets opened'],
  [
    row('launch and notebook load (until the kernel is idle)', diff(s0, s1)),
    row('one cell typed and run (`6*7`)', diff(s1, s2)),
    row(`notebook open, untouched, ${idleSeconds} s`, idle),
  ],
)}

Idle rate: ${((idle.http * 60) / idleSeconds).toFixed(1)} HTTP requests and ${(((idle.wsSent + idle.wsReceived) * 60) / idleSeconds).toFixed(1)} WebSocket frames per minute.
Debian's Chromium (headless, fresh profile, so the first load fetches everything), Notebook
6.4 from Debian through the hub's proxy (Docker spawner); only \`/user/<id>/…\` is counted
(the hub's own pages and event stream are not proxied traffic).
`;
  writeFileSync('bench/results/session-traffic.md', out);
  console.log(out);
} finally {
  await browser.close();
  await hub.close();
}
