/**
 * The CKAN plugin's `ckan jupyternotebook check` logic (check.py, run by Debian's
 * Python) against a real hub: every check passes for a matching set-up, and a wrong
 * ticket secret, a wrong admin token or a portal missing from the frame ancestors each
 * fail their own line with a non-zero exit.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { startTestHub, type TestHub } from '../helpers/hub.js';

const pluginDir = fileURLToPath(new URL('../../ckanext-jupyternotebook', import.meta.url));
const secret = 'plugin-check-ticket-secret-0123456789abcdef';
const site = 'https://data.example.org';
const script = `
import json, os, sys, time
sys.path.insert(0, os.environ["PLUGIN_DIR"])
from ckanext.jupyternotebook.check import run_checks
from ckanext.jupyternotebook.config import load_config
ckan = json.loads(os.environ["CKAN_CONFIG"])
results = run_checks(load_config(ckan, {}), ckan.get("ckan.site_url"), now=int(time.time()))
for r in results:
    print(r.line())
sys.exit(0 if all(r.ok for r in results) else 1)
`;

let hub: TestHub;
before(async () => {
  hub = await startTestHub({ ticketSecret: secret, frameAncestors: [site] });
});
after(() => hub?.close());

function check(overrides: Record<string, string> = {}): Promise<{ code: number; lines: string[] }> {
  const config = {
    'ckan.site_url': site,
    'ckanext.jupyternotebook.hub_url': hub.url,
    'ckanext.jupyternotebook.admin_token': hub.adminToken,
    'ckanext.jupyternotebook.ticket_secret': secret,
    ...overrides,
  };
  return new Promise((resolve, reject) => {
    execFile(
      '/usr/bin/python3',
      ['-c', script],
      {
        env: { PLUGIN_DIR: pluginDir, CKAN_CONFIG: JSON.stringify(config), PATH: '/usr/bin:/bin' },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        if (code !== 0 && code !== 1) reject(new Error(`${String(error)}\n${stderr}`));
        else resolve({ code, lines: stdout.trim().split('\n') });
      },
    );
  });
}

test('a matching set-up passes every check', async () => {
  const { code, lines } = await check();
  assert.equal(code, 0, lines.join('\n'));
  assert.deepEqual(
    lines.map((l) => l.slice(0, l.indexOf(':'))),
    [
      'OK   hub answers',
      'OK   admin token works',
      'OK   ticket secret matches',
      'OK   frame-ancestors include ckan.site_url',
      "OK   hub is not on CKAN's origin",
    ],
  );
});

test('another ticket secret fails the ticket check', async () => {
  const { code, lines } = await check({ 'ckanext.jupyternotebook.ticket_secret': 'x'.repeat(40) });
  assert.equal(code, 1);
  assert.equal(
    lines[2],
    "FAIL ticket secret matches: the hub's HUB_TICKET_SECRET is not this ticket_secret",
  );
  assert.ok(lines[1]!.startsWith('OK'));
});

test('a wrong admin token fails the token check', async () => {
  const { code, lines } = await check({ 'ckanext.jupyternotebook.admin_token': 'wrong-token' });
  assert.equal(code, 1);
  assert.match(lines[1]!, /^FAIL admin token works: The hub refused the admin token \(HTTP 401\)/);
});

test('a portal the hub does not let frame it fails the frame-ancestors check', async () => {
  const { code, lines } = await check({ 'ckan.site_url': 'https://elsewhere.example.org' });
  assert.equal(code, 1);
  assert.match(
    lines[3]!,
    /^FAIL frame-ancestors include ckan.site_url: .*add https:\/\/elsewhere\.example\.org/,
  );
});
