// A real hub process at debug level: its log is JSON lines (an access log for the API
// and pages, proxied requests at debug), and no secret appears in it — not the admin
// token, the cookie secret, a visitor cookie, a session's Jupyter token, nor a launch
// ticket — even where a client put one in a URL.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { signLaunchTicket } from '../../src/identity/launch-ticket.js';
import { LocalSpawner } from '../../src/spawners/local/local-spawner.js';
import { TokenSeal } from '../../src/store/token-seal.js';
import { freePort, killHard, startHubProcess, type HubProcess } from '../helpers/hub-process.js';
import { Visitor } from '../helpers/hub.js';
import { executeCode } from '../helpers/kernel.js';

const dataDir = mkdtempSync(join(tmpdir(), 'cnh-logs-'));
chmodSync(dataDir, 0o711);
const spawner = new LocalSpawner({ pythonPath: '/usr/bin/python3', uid: 64000, dataDir });
let hub: HubProcess | undefined;

after(async () => {
  if (hub) await killHard(hub);
  for (const server of await spawner.listOwned()) await spawner.stop(server.state);
  rmSync(dataDir, { recursive: true, force: true });
});

test('logs are JSON lines with an access log, and hold no secret', async () => {
  const adminToken = 'log-test-admin-token-5b0d7f3c9a';
  const cookieSecret = 'log-test-cookie-secret-8e1f4a6b2c7d9e0f';
  const ticketSecret = 'log-test-ticket-secret-3c5e7a9b1d';
  const port = await freePort();
  hub = await startHubProcess(
    ['--port', String(port), '--data', dataDir, '--spawner', 'local', '--log-format', 'json'],
    {
      HUB_LOG_LEVEL: 'debug',
      HUB_ADMIN_TOKEN: adminToken,
      HUB_COOKIE_SECRET: cookieSecret,
      HUB_TICKET_SECRET: ticketSecret,
      // Nothing listens there: the CKAN run page fails, after logging its request.
      CKAN_SITE_URL: `http://127.0.0.1:${await freePort()}/`,
      HUB_POOL_SIZE: '0',
    },
  );
  const url = hub.url;
  const visitor = new Visitor(url, new URL(url).origin);
  const { json } = await visitor.launch({ notebook: 'welcome.ipynb' });
  const id = String(json.id);
  await visitor.waitFor(id, 'ready');
  const endpoint = { url: `${url}user/${id}/`, headers: visitor.headers() };
  assert.equal((await executeCode(endpoint, '6*7')).trim(), '42');
  const visitorCookie = visitor.cookie!.split('=').slice(1).join('=');

  // The store keeps it sealed; unsealed here with the hub's own key, as the hub does.
  const db = new Database(join(dataDir, 'state', 'hub.sqlite'), { readonly: true });
  const row = db.prepare('SELECT record FROM sessions WHERE id = ?').get(id) as { record: string };
  db.close();
  const storeKey = readFileSync(join(dataDir, 'secrets', 'store-key'), 'utf8').trim();
  const { sealedToken } = JSON.parse(row.record) as { sealedToken: string };
  const jupyterToken = new TokenSeal(Buffer.from(storeKey, 'base64url')).unseal(sealedToken);
  assert.ok(jupyterToken.length >= 16, 'the session token');

  const ticket = signLaunchTicket(
    {
      exp: Math.floor(Date.now() / 1000) + 300,
      nonce: 'log-test-nonce',
      resource_id: '0b5bb2b4-1f1a-4a49-9c1e-2d1f0f5b6a10',
      user: 'someone',
    },
    ticketSecret,
  );
  // Secrets where clients sometimes put them: query strings, headers, bodies.
  await (
    await visitor.fetch(`run/ckan/0b5bb2b4-1f1a-4a49-9c1e-2d1f0f5b6a10?ticket=${ticket}`)
  ).text();
  await (await visitor.fetch(`user/${id}/api/status?token=${jupyterToken}`)).text();
  await (await visitor.fetch(`api/admin/sessions?token=${adminToken}`)).text();
  await (
    await fetch(`${url}api/admin/sessions`, { headers: { authorization: `Bearer ${adminToken}` } })
  ).text();
  await visitor.launch({ resource_id: '0b5bb2b4-1f1a-4a49-9c1e-2d1f0f5b6a10', ticket });
  await (await visitor.fetch(`api/sessions/${id}`, { method: 'DELETE' })).text();
  await visitor.waitFor(id, 'ended');

  const log = hub.output();
  const lines = log.split('\n').filter((line) => line.trim() !== '');
  // The start-up banner (stdout) is for the operator's terminal; the log is the rest.
  const banner = /^(ckan-notebook-hub listening on|admin dashboard on|admin token: )/;
  for (const line of lines) {
    if (banner.test(line)) continue;
    assert.doesNotThrow(() => JSON.parse(line), `not a JSON line: ${line}`);
  }
  const entries = lines
    .filter((l) => !banner.test(l))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const requests = entries.filter((e) => e.msg === 'request');
  assert.ok(
    requests.some((e) => e.method === 'POST' && e.url === '/api/sessions' && e.status === 201),
    'the launch is in the access log',
  );
  assert.ok(
    requests.some((e) => String(e.url).startsWith('/run/ckan/')),
    'pages too',
  );
  assert.ok(
    entries.some((e) => e.msg === 'proxied' && e.level === 'debug'),
    'proxied requests at debug',
  );

  for (const [name, secret] of Object.entries({
    adminToken,
    cookieSecret,
    ticketSecret,
    visitorCookie,
    jupyterToken,
    ticket,
  })) {
    assert.ok(secret.length >= 8, name);
    assert.equal(log.includes(secret), false, `the log holds the ${name}`);
  }
  // Not even a recognisable part of the ticket (its signature).
  assert.equal(log.includes(ticket.split('.').at(-1)!), false, 'the ticket signature');
});
