import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { configTable } from '../src/config/config-table.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

test('the README configuration table matches the schema (run `npm run config-table`)', () => {
  assert.ok(readme.includes(configTable()), 'README.md configuration table is out of date');
});

test('the README names the quick-start and test commands that exist', () => {
  assert.match(readme, /scripts\/start/);
  assert.match(readme, /scripts\/test/);
  assert.equal(
    readFileSync(new URL('../.ci/run', import.meta.url), 'utf8').includes('exec scripts/test'),
    true,
  );
});

test('the install sections name the tests that exercise them, and the privileges those use', () => {
  for (const file of [
    'test/package/npm-package.test.ts',
    'test/image/hub-image.test.ts',
    'test/compose/compose-deployment.test.ts',
  ]) {
    assert.ok(readme.includes(file), `README names ${file}`);
    assert.ok(existsSync(new URL(`../${file}`, import.meta.url)), `${file} exists`);
  }
  const run = /```sh\n(docker run -d[^`]+)```/.exec(readme)?.[1] ?? '';
  const imageTest = readFileSync(new URL('./image/hub-image.test.ts', import.meta.url), 'utf8');
  for (const flag of ['--network host', '--cap-add NET_ADMIN', '/var/run/docker.sock']) {
    assert.ok(run.includes(flag), `README's docker run has ${flag}`);
  }
  for (const arg of ["'--network',\n    'host'", "'--cap-add'", "'/var/run/docker.sock:"]) {
    assert.ok(imageTest.includes(arg), `the image test runs it with ${arg}`);
  }
});
