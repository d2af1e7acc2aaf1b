/**
 * The data folder at rest, with the local spawner and a real Jupyter server:
 * - a new, nested `--data` path works on the first start (no chmod by hand);
 * - the store, the secrets and the logs are 0600 files in 0700 folders, and another uid
 *   (65534, through setpriv) can read none of them, nor find a session's token anywhere
 *   it can read (data folder, /proc environ and command lines) — while root can, so the
 *   search would have found it;
 * - the token is not in the store file in plain text;
 * - a parent folder that blocks the sandbox user is named, with the exact fix.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { executeCode } from '../helpers/kernel.js';

const parent = mkdtempSync(join(tmpdir(), 'cnh-data-'));
chmodSync(parent, 0o755); // an ordinary existing parent, like /srv
const dataDir = join(parent, 'new', 'nested', 'data');
const modeOf = (path: string) => statSync(path).mode & 0o777;

/** Runs `script` with sh as uid/gid 65534 and no supplementary groups. */
function asNobody(script: string, env: Record<string, string> = {}) {
  const result = spawnSync(
    'setpriv',
    ['--reuid', '65534', '--regid', '65534', '--clear-groups', 'sh', '-c', script],
    { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', ...env } },
  );
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('a new nested data folder with the local spawner', () => {
  let hub: TestHub;
  let sessionId: string;
  let token: string;

  before(async () => {
    hub = await startTestHub({}, { dataDir });
    const visitor = hub.visitor();
    const { json } = await visitor.launch({ notebook: 'welcome.ipynb' });
    sessionId = String(json.id);
    await visitor.waitFor(sessionId, 'ready');
    assert.equal(
      (
        await executeCode(
          { url: `${hub.url}user/${sessionId}/`, headers: visitor.headers() },
          '6*7',
        )
      ).trim(),
      '42',
    );
    token = hub.hub.manager.live.get(sessionId)!.record.token;
  });
  after(async () => {
    await hub?.close();
    rmSync(parent, { recursive: true, force: true });
  });

  it('works on the first start: healthy, and the folders have their modes', async () => {
    assert.equal((await fetch(`${hub.url}healthz`)).status, 200);
    assert.equal(modeOf(dataDir), 0o711);
    for (const dir of ['state', 'secrets', 'logs', 'staging'])
      assert.equal(modeOf(join(dataDir, dir)), 0o700, dir);
    for (const file of readdirSync(join(dataDir, 'secrets')))
      assert.equal(modeOf(join(dataDir, 'secrets', file)), 0o600, file);
    for (const file of readdirSync(join(dataDir, 'state')).filter((f) =>
      f.startsWith('hub.sqlite'),
    ))
      assert.equal(modeOf(join(dataDir, 'state', file)), 0o600, file);
    assert.equal(modeOf(join(dataDir, 'logs', 'local', `${sessionId}.log`)), 0o600);
  });

  it('another uid can read neither the store, the secrets nor the logs', () => {
    for (const path of [
      'state/hub.sqlite',
      'secrets/admin-token',
      'secrets/cookie-secret',
      `logs/local/${sessionId}.log`,
      `workspaces/${sessionId}/welcome.ipynb`,
    ]) {
      const { code, out } = asNobody(`cat "$F"`, { F: join(dataDir, path) });
      assert.notEqual(code, 0, `uid 65534 read ${path}`);
      assert.match(out, /Permission denied/, path);
    }
    assert.notEqual(
      asNobody(`ls "$F"`, { F: join(dataDir, 'workspaces') }).code,
      0,
      'listed workspaces',
    );
  });

  it('another uid finds the session token nowhere; root would have', () => {
    // The token goes in by a file: in a variable or an argument it would be in the
    // searching process's own environ or command line.
    const patternFile = join(parent, 'pattern');
    writeFileSync(patternFile, `${token}\n`, { mode: 0o644 });
    const search = `grep -rlsF -f "$P" "$D" /proc/[0-9]*/environ /proc/[0-9]*/cmdline`;
    const env = { P: patternFile, D: dataDir };
    const asRoot = spawnSync('sh', ['-c', search], {
      encoding: 'utf8',
      env: { PATH: '/usr/bin:/bin', ...env },
    });
    assert.match(asRoot.stdout, /environ/, 'the search finds the token where root may look');
    const nobody = asNobody(search, env);
    // grep: 0 = found; 1 = not found; 2 = not found, some files unreadable (-s hides which).
    assert.ok(
      nobody.code !== 0 && nobody.out === '',
      `uid 65534 found the token in: ${nobody.out}`,
    );
  });

  it('the store keeps the token sealed, not in plain text', () => {
    for (const file of readdirSync(join(dataDir, 'state')).filter((f) =>
      f.startsWith('hub.sqlite'),
    ))
      assert.ok(!readFileSync(join(dataDir, 'state', file)).includes(token), file);
    const stored = hub.hub.manager.deps.store.getSession(sessionId);
    assert.equal(stored?.token, token, 'and reads it back');
  });
});

it('a parent folder that blocks the sandbox user is named, with the fix', async () => {
  const root = mkdtempSync(join(tmpdir(), 'cnh-blocked-'));
  chmodSync(root, 0o755);
  const blocking = join(root, 'private');
  mkdirSync(blocking, { mode: 0o700 });
  const hub = await startTestHub({}, { dataDir: join(blocking, 'data') });
  try {
    // Readiness, not liveness: the process is alive, but it cannot launch.
    assert.equal((await fetch(`${hub.url}healthz`)).status, 200);
    const response = await fetch(`${hub.url}readyz`);
    assert.equal(response.status, 503);
    const { checks } = (await response.json()) as { checks: { spawner: string } };
    const message = checks.spawner;
    assert.ok(message.includes(`${blocking} (mode 0700, owner uid 0)`), message);
    assert.ok(message.includes(`chmod o+x ${blocking}`), message);
  } finally {
    await hub.close();
    rmSync(root, { recursive: true, force: true });
  }
});
