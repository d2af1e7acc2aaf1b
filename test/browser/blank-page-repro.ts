/**
 * Not a test (no `.test.ts`, never run by the suite): a repro for the "blank notebook
 * page" seen now and then in the browser suite. Runs SESSIONS sequential sessions, each in
 * a fresh browser context, on HUBS fresh hubs one after the other, and for any session
 * whose notebook page does not show its first cell within WAIT_MS logs every request
 * (status, timing, still pending), the loads that failed (from CDP), console messages,
 * page errors, require.js's state, whether `require`/`IPython`/`Jupyter` exist, the
 * frame's Resource Timing and stylesheets, its HTML and a screenshot, into
 * test-artifacts/blank/.
 *
 *   npx tsx test/browser/blank-page-repro.ts
 *
 * Environment: SPAWNER (local|docker), SHARED_STATIC (1|0), POOL (pool size), POOL_KERNEL
 * (1|0), START_CPU (startCpuPercent), CPU (cpuPercent), SESSIONS, HUBS, WAIT_MS, VERBOSE=1
 * (the log of good sessions too), CLEANUP=net1,net2 (only remove those session networks
 * of earlier runs, with their firewall chains). TRIGGER=1 (root only: `ip link`) changes the host's
 * network while the notebook page loads, the way a container starting elsewhere does;
 * with LATENCY=1000 (ms, Chromium's own throttling) the change meets loads in flight and,
 * before web/src/session/frame-guard.ts, every page stayed blank (ERR_NETWORK_CHANGED).
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { Browser, Frame, Page } from 'playwright-core';
import { artifactPath, launchBrowser } from '../helpers/browser.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { createDockerClient } from '../../src/spawners/docker/docker-client.js';
import { bridgeInterfaceName } from '../../src/spawners/docker/docker-names.js';
import { iptablesRunner, removeNetworkGuard } from '../../src/spawners/docker/network-guard.js';
import { dockerSocket, testImage } from '../spawners/docker-harness.js';
import { launchFromPage } from './ui.js';

const env = process.env;
const spawner = env.SPAWNER ?? 'local';
const sessions = Number(env.SESSIONS ?? 8);
const hubs = Number(env.HUBS ?? 1);
const waitMs = Number(env.WAIT_MS ?? 60_000);
const overrides: Record<string, unknown> = {
  sharedStatic: env.SHARED_STATIC !== '0',
  poolSize: Number(env.POOL ?? 0),
  poolKernel: env.POOL_KERNEL !== '0',
  ...(env.START_CPU ? { startCpuPercent: Number(env.START_CPU) } : {}),
  ...(env.CPU ? { cpuPercent: Number(env.CPU) } : {}),
  maxSessions: 4,
};
if (spawner === 'docker') {
  Object.assign(overrides, {
    spawner: 'docker',
    host: '0.0.0.0',
    dockerImage: testImage,
    dockerNetwork: `cnh-blank-${process.pid}`,
  });
}

/**
 * TRIGGER=1: when the notebook frame navigates, make the host's network change the way a
 * container start does (a veth pair, whose link-local IPv6 addresses Chromium sees), to
 * test what an aborted load does to the page. Sends nothing anywhere.
 */
const trigger = env.TRIGGER === '1';
const run = promisify(execFile);
async function networkChange(): Promise<void> {
  const name = `cnhb${process.pid % 100000}`;
  await run('ip', ['link', 'add', `${name}a`, 'type', 'veth', 'peer', 'name', `${name}b`]);
  await run('ip', ['link', 'set', `${name}a`, 'up']);
  await run('ip', ['link', 'set', `${name}b`, 'up']);
  // Link-local addresses are tentative (ignored by Chromium) until duplicate detection ends.
  await new Promise((r) => setTimeout(r, 4000));
  await run('ip', ['link', 'del', `${name}a`]);
}

interface Req {
  url: string;
  method: string;
  start: number;
  status?: number;
  end?: number;
  failure?: string;
  fromCache?: boolean;
}

async function oneSession(hub: TestHub, browser: Browser, tag: string): Promise<boolean> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(90_000);
  const t0 = Date.now();
  const reqs = new Map<object, Req>();
  const log: string[] = [];
  const at = () => `${((Date.now() - t0) / 1000).toFixed(2)}s`;
  context.on('request', (r) =>
    reqs.set(r, { url: r.url(), method: r.method(), start: Date.now() - t0 }),
  );
  context.on('response', (r) => {
    const q = reqs.get(r.request());
    if (q) {
      q.status = r.status();
      q.fromCache = r.fromServiceWorker() || undefined;
    }
  });
  context.on('requestfinished', (r) => {
    const q = reqs.get(r);
    if (q) q.end = Date.now() - t0;
  });
  context.on('requestfailed', (r) => {
    const q = reqs.get(r);
    if (q) {
      q.end = Date.now() - t0;
      q.failure = r.failure()?.errorText ?? 'failed';
    }
  });
  page.on('console', (m) => log.push(`${at()} console.${m.type()} ${m.text()}`));
  page.on('pageerror', (e) => log.push(`${at()} pageerror ${e.message}`));
  let triggered = false;
  page.on('framenavigated', (f) => log.push(`${at()} navigated ${f.name()} ${f.url()}`));
  context.on('request', (r) => {
    if (trigger && !triggered && r.url().includes('/user/') && r.isNavigationRequest()) {
      triggered = true;
      log.push(`${at()} network change starts`);
      void networkChange().then(() => log.push(`${at()} network change over`));
    }
  });
  // Playwright does not report the session frame's subresources here: ask CDP directly.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map<string, string>();
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFailed', (e) =>
    log.push(
      `${at()} loadingFailed ${e.errorText} ${e.type} ${(urls.get(e.requestId) ?? '?').slice(0, 140)}`,
    ),
  );
  if (env.LATENCY) {
    // Slow every load of the page (Chromium's own throttling) so the change meets loads in flight.
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: Number(env.LATENCY),
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
  }
  page.on('crash', () => log.push(`${at()} CRASH`));
  let ok = false;
  let id = '';
  try {
    await launchFromPage(page, hub.url, 'welcome.ipynb');
    await page.locator('#session').waitFor({ state: 'visible' });
    log.push(`${at()} session panel visible`);
    const src = (await page.locator('#notebook-frame').getAttribute('src')) ?? '';
    id = /\/user\/([a-z0-9]+)\//.exec(src)?.[1] ?? '';
    const frame = page.frameLocator('#notebook-frame');
    await frame.locator('#notebook-container .cell').first().waitFor({ timeout: waitMs });
    log.push(`${at()} first cell`);
    await frame.locator('#kernel_indicator_icon.kernel_idle_icon').waitFor({ timeout: waitMs });
    log.push(`${at()} kernel idle`);
    ok = true;
  } catch (error) {
    log.push(`${at()} FAILED ${String(error).split('\n')[0]}`);
  }
  const took = Date.now() - t0;
  console.log(`${tag} ${ok ? 'ok' : 'BLANK'} ${took} ms session=${id}`);
  if (!ok) await dump(page, tag, reqs, log);
  else if (env.VERBOSE === '1') {
    console.log(log.map((l) => `  ${l}`).join('\n'));
    const failed = [...reqs.values()].filter((r) => r.failure);
    console.log(
      `  ${reqs.size} requests, failed: ${failed.map((r) => `${r.failure} ${r.url.slice(0, 120)}`).join('; ')}`,
    );
  }
  await context.close();
  if (id) await hub.hub.manager.end(id, 'admin').catch(() => undefined);
  return ok;
}

async function dump(page: Page, tag: string, reqs: Map<object, Req>, log: string[]) {
  const frame: Frame | undefined = page.frames().find((f) => f.url().includes('/user/'));
  let state: unknown = 'no session frame';
  let html = '';
  if (frame) {
    state = await frame
      .evaluate(() => {
        const w = window as unknown as Record<string, unknown> & {
          requirejs?: { s?: { contexts?: Record<string, Record<string, unknown>> } };
        };
        const ctx = w.requirejs?.s?.contexts?._;
        const registry = (ctx?.registry ?? {}) as Record<
          string,
          {
            inited?: boolean;
            error?: unknown;
            depCount?: number;
            enabled?: boolean;
            fetched?: boolean;
            depMaps?: { id: string }[];
          }
        >;
        return {
          readyState: document.readyState,
          require: typeof w.require,
          requirejs: typeof w.requirejs,
          IPython: typeof w.IPython,
          Jupyter: typeof w.Jupyter,
          notebook: typeof (w.Jupyter as { notebook?: unknown } | undefined)?.notebook,
          config: (ctx?.config as {
            waitSeconds?: number;
            baseUrl?: string;
            urlArgs?: unknown;
          }) && {
            waitSeconds: (ctx!.config as { waitSeconds?: number }).waitSeconds,
            baseUrl: (ctx!.config as { baseUrl?: string }).baseUrl,
            urlArgs: String((ctx!.config as { urlArgs?: unknown }).urlArgs),
          },
          defined: Object.keys((ctx?.defined ?? {}) as object).length,
          pending: Object.entries(registry).map(([k, m]) => ({
            id: k,
            inited: m.inited,
            enabled: m.enabled,
            fetched: m.fetched,
            depCount: m.depCount,
            error: m.error ? String(m.error) : undefined,
            deps: m.depMaps?.map((d) => d.id),
          })),
          scripts: [...document.scripts].map((s) => s.src || `inline ${s.text.length}`),
          headerDisplay: getComputedStyle(document.getElementById('header') ?? document.body)
            .display,
          bodyText: document.body?.innerText.slice(0, 300),
          timing: performance.getEntriesByType('resource').map((e) => {
            const r = e as PerformanceResourceTiming;
            return `${r.initiatorType} status=${r.responseStatus} size=${r.transferSize}/${r.decodedBodySize} end=${Math.round(r.responseEnd)} ${r.name.replace(/\?.*/, '').slice(-60)}`;
          }),
          sheets: [...document.querySelectorAll('link[rel=stylesheet]')].map(
            (l) =>
              `${(l as HTMLLinkElement).sheet ? 'ok' : 'FAILED'} ${(l as HTMLLinkElement).href.replace(/\?.*/, '').slice(-50)}`,
          ),
        };
      })
      .catch((e: unknown) => `evaluate failed: ${String(e)}`);
    html = await frame.content().catch((e: unknown) => `content failed: ${String(e)}`);
  }
  const lines = [...reqs.values()].map(
    (r) =>
      `${String(r.start).padStart(6)} ${r.end === undefined ? ' PENDING' : String(r.end - r.start).padStart(7) + 'ms'} ${r.status ?? '---'} ${r.failure ?? ''} ${r.method} ${r.url}`,
  );
  const name = `blank/${tag}-${Date.now()}`;
  writeFileSync(
    artifactPath(`${name}.txt`),
    [
      `# log`,
      ...log,
      `# state`,
      JSON.stringify(state, null, 2),
      `# requests (start ms, duration, status)`,
      ...lines,
    ].join('\n'),
  );
  writeFileSync(artifactPath(`${name}.html`), html);
  await page.screenshot({ path: artifactPath(`${name}.png`) }).catch(() => undefined);
  console.log(`  dumped to test-artifacts/${name}.*`);
  console.log(log.map((l) => `  ${l}`).join('\n'));
  console.log(JSON.stringify(state, null, 1).slice(0, 3000));
  console.log(
    lines.filter((l) => l.includes('PENDING') || / (?!200|204|304)\d{3} /.test(l)).join('\n'),
  );
}

/** The Docker spawner's session network and its firewall chains (as the Docker tests do). */
async function removeNetwork(network: string): Promise<void> {
  await removeNetworkGuard(bridgeInterfaceName(network), iptablesRunner()).catch(() => {});
  await createDockerClient(dockerSocket)
    .getNetwork(network)
    .remove()
    .catch(() => {});
}

if (env.CLEANUP) {
  for (const network of env.CLEANUP.split(',')) await removeNetwork(network);
  process.exit(0);
}

let blank = 0;
let total = 0;
console.log(`config ${spawner} ${JSON.stringify(overrides)}`);
for (let h = 0; h < hubs; h++) {
  const hub = await startTestHub(overrides);
  const browser = await launchBrowser();
  try {
    for (let s = 0; s < sessions; s++) {
      total++;
      if (!(await oneSession(hub, browser, `hub${h}-s${s}`))) blank++;
    }
  } finally {
    await browser.close();
    await hub.close();
    if (spawner === 'docker') await removeNetwork(String(overrides.dockerNetwork));
  }
}
console.log(`${blank} blank of ${total}`);
process.exit(0);
