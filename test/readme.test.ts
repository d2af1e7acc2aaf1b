import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
