/**
 * What Notebook 6's static files cost a visitor, in Chromium, through the hub (local
 * spawner, real Jupyter): a notebook page opened in a fresh browser profile (session 1),
 * then, in the same profile, the same notebook in a new session (session 2, a new base URL).
 * Time from navigation to `Jupyter.notebook._fully_loaded`, requests reaching the proxy for
 * `static/`, how many Chromium answered from its cache, and bytes over the wire.
 * Compression off (the browser asks for `identity`, as before this change) vs on, on
 * loopback and on an emulated visitor link (20 Mbit/s, 20 ms). Ratios from one run.
 *
 *   node --import tsx bench/static-files.ts [reps]   → bench/results/static-files.md
 */
import { writeFileSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { startTestHub, type TestHub, type Visitor } from '../test/helpers/hub.js';
import { launchBrowser } from '../test/helpers/browser.js';
import { percentileOf as percentile } from './lib/sequential-latency.js';
import { markdownTable, ms, ratio } from './lib/stats.js';

const reps = Number(process.argv[2] ?? 3);
/** `HUB_BENCH_SHARED_STATIC=0` measures the per-session static path (before the shared one). */
const sharedStatic = process.env.HUB_BENCH_SHARED_STATIC !== '0';

interface Load {
  ms: number;
  staticRequests: number;
  fromCache: number;
  wireBytes: number;
}

async function openSession(hub: TestHub, visitor: Visitor): Promise<string> {
  const { json } = await visitor.launch({ notebook: 'welcome.ipynb' });
  const id = String(json.id);
  await visitor.waitFor(id, 'ready', 120_000);
  return id;
}

/** One load; retried when another user of this shared host changed the network under Chromium (ERR_NETWORK_CHANGED). */
async function loadNotebook(
  context: BrowserContext,
  url: string,
  compressed: boolean,
  link: boolean,
): Promise<Load> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await loadOnce(context, url, compressed, link);
    } catch (error) {
      if (attempt >= 4) throw error;
      process.stderr.write(`retrying a load: ${String(error).slice(0, 120)}\n`);
    }
  }
}

async function loadOnce(
  context: BrowserContext,
  url: string,
  compressed: boolean,
  link: boolean,
): Promise<Load> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (!compressed)
    await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
  if (link)
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: 20e6 / 8,
      uploadThroughput: 5e6 / 8,
    });
  const load: Load = { ms: 0, staticRequests: 0, fromCache: 0, wireBytes: 0 };
  const staticIds = new Set<string>();
  cdp.on('Network.requestWillBeSent', (e) => {
    // `/static/` under the session's URL, or the hub's shared `nbstatic/` (config sharedStatic).
    if (/\/(?:nb)?static\//.test(e.request.url)) staticIds.add(e.requestId);
  });
  cdp.on('Network.requestServedFromCache', (e) => {
    if (staticIds.has(e.requestId)) load.fromCache++;
  });
  cdp.on('Network.responseReceived', (e) => {
    if (!staticIds.has(e.requestId)) return;
    if (e.response.fromDiskCache) load.fromCache++;
    else load.staticRequests++;
  });
  cdp.on('Network.loadingFinished', (e) => {
    load.wireBytes += e.encodedDataLength;
  });
  let networkChanged = false;
  cdp.on('Network.loadingFailed', (e) => {
    if (e.errorText.includes('ERR_NETWORK_CHANGED')) networkChanged = true;
  });
  const t0 = performance.now();
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  try {
    await page.waitForFunction(
      () =>
        (window as unknown as { Jupyter?: { notebook?: { _fully_loaded?: boolean } } }).Jupyter
          ?.notebook?._fully_loaded === true,
      undefined,
      { timeout: 60_000, polling: 20 },
    );
    load.ms = performance.now() - t0;
  } finally {
    await page.close().catch(() => undefined);
  }
  if (networkChanged) throw new Error('ERR_NETWORK_CHANGED during the load');
  return load;
}

async function main(): Promise<void> {
  const hub = await startTestHub({ maxSessions: 4, sharedStatic });
  const browser = await launchBrowser();
  const rows: Array<Array<string | number>> = [];
  const results = new Map<string, Load[]>();
  try {
    for (let r = 0; r < reps; r++) {
      for (const link of [false, true]) {
        for (const compressed of r % 2 === 0 ? [false, true] : [true, false]) {
          const context = await browser.newContext();
          const visitor = hub.visitor();
          for (const second of [false, true]) {
            const id = await openSession(hub, visitor);
            const cookie = visitor.headers().Cookie ?? visitor.headers().cookie ?? '';
            const [name, value] = cookie.split(';')[0]!.split('=');
            await context.addCookies([{ name: name!, value: value!, url: hub.url }]);
            const url = `${hub.url}user/${id}/notebooks/welcome.ipynb`;
            const record = (session: string, load: Load) => {
              const key = `${link ? '20 Mbit/s, 20 ms' : 'loopback'}|${compressed ? 'on' : 'off'}|${session}`;
              results.set(key, [...(results.get(key) ?? []), load]);
              process.stderr.write(`${key} ${JSON.stringify(load)}\n`);
            };
            record(second ? '2' : '1', await loadNotebook(context, url, compressed, link));
            // The same session again: its static URLs are cached now. The best a second
            // session can get; with the shared static path it should get the same.
            if (second) record('reload', await loadNotebook(context, url, compressed, link));
            await hub.hub.manager.end(id, 'visitor');
          }
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
    await hub.close();
  }
  for (const link of ['loopback', '20 Mbit/s, 20 ms']) {
    for (const session of ['1', '2', 'reload'] as const) {
      const off = results.get(`${link}|off|${session}`)!;
      const on = results.get(`${link}|on|${session}`)!;
      const p50 = (xs: Load[], f: (l: Load) => number) => percentile(xs.map(f), 50);
      rows.push([
        link,
        { '1': '1 (empty cache)', '2': '2 (same browser)', reload: '2, page reloaded' }[session],
        ms(p50(off, (l) => l.ms)),
        ms(p50(on, (l) => l.ms)),
        ratio(
          p50(on, (l) => l.ms),
          p50(off, (l) => l.ms),
        ),
        `${p50(off, (l) => l.staticRequests)} / ${p50(on, (l) => l.staticRequests)}`,
        `${p50(on, (l) => l.fromCache)}`,
        `${(p50(off, (l) => l.wireBytes) / 1e6).toFixed(2)} / ${(p50(on, (l) => l.wireBytes) / 1e6).toFixed(2)}`,
      ]);
    }
  }
  const table = markdownTable(
    [
      'link',
      'session',
      'page p50, compression off (ms)',
      'on (ms)',
      'on / off',
      'static requests reaching the proxy (off / on)',
      'static from cache (on)',
      'MB over the wire (off / on)',
    ],
    rows,
  );
  const text = `# Notebook page and its static files (${new Date().toISOString().slice(0, 10)})\n\n${reps} reps; local spawner; shared static path ${sharedStatic ? 'on' : 'off'}; Chromium; time from navigation to Jupyter.notebook._fully_loaded.\n\n${table}\n`;
  writeFileSync('bench/results/static-files.md', text);
  process.stdout.write(text);
}

await main();
