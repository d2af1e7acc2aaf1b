import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../config/load.js';
import { envCode, importCode, wantsPooledKernel } from './pooled-kernel.js';

test('poolImports takes dotted module names from the environment, and refuses anything else', () => {
  assert.deepEqual(loadConfig({ env: {} }).poolImports, ['pandas', 'matplotlib.pyplot']);
  assert.deepEqual(loadConfig({ env: { HUB_POOL_IMPORTS: ' numpy , scipy.stats' } }).poolImports, [
    'numpy',
    'scipy.stats',
  ]);
  assert.deepEqual(loadConfig({ env: { HUB_POOL_IMPORTS: 'none' } }).poolImports, []);
  assert.deepEqual(loadConfig({ overrides: { poolImports: [] } }).poolImports, []);
  for (const bad of [
    'os; import shutil',
    'os\nimport shutil',
    'pandas as pd',
    'a..b',
    '1abc',
    '__import__("os")',
    'x.class',
    'pändas',
  ]) {
    assert.throws(
      () => loadConfig({ env: { HUB_POOL_IMPORTS: `pandas,${bad}` } }),
      /HUB_POOL_IMPORTS|poolImports/,
      bad,
    );
    assert.throws(
      () => loadConfig({ overrides: { poolImports: ['pandas', bad] } }),
      /is not a module name: use dotted Python identifiers/,
      bad,
    );
  }
});

test('the pre-import code imports each module and leaves no name behind', () => {
  assert.equal(
    importCode(['pandas', 'matplotlib.pyplot', 'matplotlib']),
    [
      'try:',
      '    import pandas',
      '    import matplotlib.pyplot',
      '    import matplotlib',
      'finally:',
      "    globals().pop('pandas', None)",
      "    globals().pop('matplotlib', None)",
      '',
    ].join('\n'),
  );
  assert.equal(importCode([]), 'pass');
  assert.throws(() => importCode(['os; x']), /bad module name/);
});

test("the notebook's environment is a Python dict literal, quotes and newlines escaped", () => {
  assert.equal(
    envCode({ A: 'x"y\n', B: "it's" }),
    'import os\nos.environ.update({"A":"x\\"y\\n","B":"it\'s"})\ndel os\n',
  );
});

test('only a notebook for python3 (or none named) gets the pooled kernel', () => {
  const nb = (kernelspec?: unknown) => Buffer.from(JSON.stringify({ metadata: { kernelspec } }));
  assert.equal(wantsPooledKernel(nb()), true);
  assert.equal(wantsPooledKernel(nb({ name: 'python3' })), true);
  assert.equal(wantsPooledKernel(nb({ name: 'ir' })), false);
  assert.equal(wantsPooledKernel(Buffer.from('not json')), false);
});
