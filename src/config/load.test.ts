import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseArgs } from './cli.js';
import { ConfigError, loadConfig } from './load.js';

const tmp = mkdtempSync(join(tmpdir(), 'cnh-config-'));
const file = (name: string, content: unknown) => {
  const path = join(tmp, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

test("defaults are the original system's where it had one", () => {
  const config = loadConfig();
  assert.equal(config.idleTimeoutSeconds, 1200);
  assert.equal(config.maxSessions, 100);
  assert.equal(config.cpuPercent, 50);
  assert.equal(config.memoryLimit, '1G');
  assert.equal(config.maxLifetimeSeconds, 7200);
  assert.ok(Object.isFrozen(config));
});

test('the original CKAN_JUPYTERHUB_* variables keep their meaning', () => {
  const config = loadConfig({
    env: {
      CKAN_JUPYTERHUB_TIMEOUT: '300',
      CKAN_JUPYTERHUB_USER: '7',
      CKAN_JUPYTERHUB_PERCENTAGE_CPU: '25',
      CKAN_JUPYTERHUB_MEMORY_LIMIT: '512m',
      CKAN_JUPYTERHUB_BASE_URL: '/portal/jupyter',
      CKAN_JUPYTERNOTEBOOK_URL: 'https://portal.example.org/portal/jupyter/',
      CKAN_STORAGE_NOTEBOOK: '/srv/notebooks',
      CKAN_NETWORK: 'sessions-net',
    },
  });
  assert.equal(config.idleTimeoutSeconds, 300);
  assert.equal(config.maxSessions, 7);
  assert.equal(config.cpuPercent, 25);
  assert.equal(config.memoryLimit, '512M');
  assert.equal(config.basePath, '/portal/jupyter/');
  assert.equal(config.publicUrl, 'https://portal.example.org/portal/jupyter/');
  assert.equal(config.notebooksDir, '/srv/notebooks');
  assert.equal(config.dockerNetwork, 'sessions-net');
});

test("the hub's own variable wins over the original alias", () => {
  const config = loadConfig({ env: { HUB_MAX_SESSIONS: '3', CKAN_JUPYTERHUB_USER: '9' } });
  assert.equal(config.maxSessions, 3);
});

test('order: defaults, then file, then environment, then flags', () => {
  const configFile = file('order.json', { port: 9001, maxSessions: 4, idleTimeoutSeconds: 60 });
  const config = loadConfig({
    configFile,
    env: { HUB_PORT: '9002', HUB_MAX_SESSIONS: '5' },
    flags: { '--port': '9003' },
  });
  assert.equal(config.port, 9003);
  assert.equal(config.maxSessions, 5);
  assert.equal(config.idleTimeoutSeconds, 60);
});

test('every bad key is reported by where it came from', () => {
  const configFile = file('bad.json', {
    maxSessions: 0,
    nonsense: true,
    adminToken: 'x'.repeat(20),
  });
  const error = (() => {
    try {
      loadConfig({
        configFile,
        env: {
          CKAN_JUPYTERHUB_TIMEOUT: '2',
          CKAN_JUPYTERHUB_PERCENTAGE_CPU: '150',
          HUB_SPAWNER: 'vm',
        },
      });
    } catch (e) {
      return e;
    }
    return null;
  })();
  assert.ok(error instanceof ConfigError);
  const text = error.problems.join('\n');
  for (const expected of [
    `config file ${configFile}: maxSessions: must be an integer ≥ 1`,
    'nonsense: unknown setting',
    'adminToken: secrets come from the environment',
    'env CKAN_JUPYTERHUB_TIMEOUT: must be an integer ≥ 5',
    'env CKAN_JUPYTERHUB_PERCENTAGE_CPU: must be an integer from 1 to 100',
    'env HUB_SPAWNER: must be one of auto, local, docker',
  ]) {
    assert.ok(text.includes(expected), `missing "${expected}" in\n${text}`);
  }
});

test('a config file that is not JSON is reported', () => {
  assert.throws(() => loadConfig({ configFile: file('broken.json', '{port: 1') }), /broken\.json/);
});

test('secrets come from the environment or a _FILE', () => {
  const tokenFile = file('token', 'from-a-file-0123456789\n');
  chmodSync(tokenFile, 0o600);
  assert.equal(
    loadConfig({ env: { HUB_ADMIN_TOKEN_FILE: tokenFile } }).adminToken,
    'from-a-file-0123456789',
  );
  assert.equal(
    loadConfig({ env: { HUB_ADMIN_TOKEN: 'direct-token-0123456789' } }).adminToken,
    'direct-token-0123456789',
  );
});

test('a secret file other users can read stops the start, naming the file and the fix', () => {
  const secretFile = file('cookie-secret', `${'k'.repeat(40)}\n`);
  for (const mode of [0o644, 0o640, 0o604]) {
    chmodSync(secretFile, mode);
    const error = captureConfigError({ env: { HUB_COOKIE_SECRET_FILE: secretFile } });
    assert.match(error, /env HUB_COOKIE_SECRET_FILE: /);
    assert.ok(error.includes(`${secretFile} is open to other users`), error);
    assert.ok(error.includes(`chmod 600 ${secretFile}`), error);
  }
  chmodSync(secretFile, 0o644);
  const shared = loadConfig({
    env: { HUB_COOKIE_SECRET_FILE: secretFile, HUB_ALLOW_SHARED_SECRET_FILES: 'true' },
  });
  assert.equal(shared.cookieSecret, 'k'.repeat(40), 'shared on purpose');
  chmodSync(secretFile, 0o400);
  assert.equal(
    loadConfig({ env: { HUB_COOKIE_SECRET_FILE: secretFile } }).cookieSecret,
    'k'.repeat(40),
  );
});

test('cookie and ticket secrets shorter than 32 bytes stop the start', () => {
  const error = captureConfigError({
    env: { HUB_COOKIE_SECRET: 'a', HUB_TICKET_SECRET: 't'.repeat(31) },
  });
  assert.match(error, /env HUB_COOKIE_SECRET: is 1 bytes long; a key must be at least 32 bytes/);
  assert.match(error, /env HUB_TICKET_SECRET: is 31 bytes long; a key must be at least 32 bytes/);
  const ok = loadConfig({
    env: { HUB_COOKIE_SECRET: 'c'.repeat(32), HUB_TICKET_SECRET: 't'.repeat(32) },
  });
  assert.equal(ok.cookieSecret?.length, 32);
});

test('the admin listener must be an origin of its own', () => {
  const error = captureConfigError({
    overrides: {
      publicUrl: 'https://notebooks.example.org/',
      adminUrl: 'https://notebooks.example.org/admin-area/',
      port: 8000,
      adminPort: 8000,
    },
  });
  assert.match(error, /adminUrl: must be another origin than publicUrl/);
  assert.match(error, /adminPort: must differ from port/);
});

function captureConfigError(input: Parameters<typeof loadConfig>[0]): string {
  try {
    loadConfig(input);
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return e.message;
  }
  assert.fail('the config was accepted');
}

test('command-line flags parse, and unknown ones are refused', () => {
  const args = parseArgs([
    '--port',
    '8080',
    '--host=0.0.0.0',
    '--notebooks',
    'nb',
    '--data',
    'd',
    '--spawner',
    'local',
    '--config',
    'c.json',
  ]);
  assert.deepEqual(args.flags, {
    '--port': '8080',
    '--host': '0.0.0.0',
    '--notebooks': 'nb',
    '--data': 'd',
    '--spawner': 'local',
  });
  assert.equal(args.configFile, 'c.json');
  assert.equal(parseArgs(['--help']).help, true);
  assert.throws(() => parseArgs(['--bogus', '1']), /unknown option --bogus/);
  assert.throws(() => parseArgs(['--port']), /needs a value/);
});
