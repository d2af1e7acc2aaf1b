// The command line: --help lists every flag; a bad configuration stops the hub with every bad key named.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { configSchema } from '../../src/config/schema.js';

const runHub = fileURLToPath(new URL('../helpers/run-hub.ts', import.meta.url));
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', runHub, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

test('--help lists every flag with its environment variable', () => {
  const result = run(['--help']);
  assert.equal(result.status, 0);
  for (const field of Object.values(configSchema)) {
    if (!('flag' in field) || !field.flag) continue;
    assert.ok(result.stdout.includes(field.flag), `${field.flag} missing from --help`);
    assert.ok(result.stdout.includes(field.env![0]!), `${field.env![0]} missing from --help`);
  }
  for (const required of ['--host', '--port', '--notebooks', '--data', '--spawner', '--config']) {
    assert.ok(result.stdout.includes(required), required);
  }
});

test('a bad configuration refuses to start and names every bad key', () => {
  const result = run(['--port', 'eighty', '--spawner', 'vm'], {
    CKAN_JUPYTERHUB_TIMEOUT: '1',
    CKAN_JUPYTERHUB_MEMORY_LIMIT: '1T',
  });
  assert.equal(result.status, 2);
  for (const expected of [
    'flag --port',
    'flag --spawner',
    'env CKAN_JUPYTERHUB_TIMEOUT',
    'env CKAN_JUPYTERHUB_MEMORY_LIMIT',
  ]) {
    assert.ok(result.stderr.includes(expected), `${expected} missing from:\n${result.stderr}`);
  }
});

test('an unknown flag is refused with a pointer to --help', () => {
  const result = run(['--colour', 'blue']);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /unknown option --colour \(see --help\)/);
});
