import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HubError } from '../errors/hub-error.js';
import { notebookOfBytes, notebookOfDepth } from '../../test/helpers/notebook-files.js';
import { maxNesting, validateNotebook } from './validate.js';

const limits = { maxBytes: 10 * 1024 * 1024, maxDepth: 100 };
const good = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [{ cell_type: 'code', source: '1', metadata: {}, outputs: [] }],
};

const rejects = (content: Buffer, code: string, message: RegExp) =>
  assert.throws(
    () => validateNotebook(content, limits),
    (e: unknown) =>
      e instanceof HubError &&
      e.code === code &&
      message.test(e.message) &&
      e.status >= 400 &&
      e.status < 500,
  );

test('a valid nbformat 4 notebook passes', () => {
  assert.equal(validateNotebook(Buffer.from(JSON.stringify(good)), limits).cells.length, 1);
});

test('not JSON', () =>
  rejects(Buffer.from('{"nbformat": 4, '), 'notebook_invalid', /not valid JSON/));
test('nbformat 3', () =>
  rejects(Buffer.from(JSON.stringify({ ...good, nbformat: 3 })), 'notebook_invalid', /nbformat 3/));
test('no cells', () =>
  rejects(Buffer.from(JSON.stringify({ ...good, cells: 'x' })), 'notebook_invalid', /cells/));
test('20 MB', () =>
  rejects(
    Buffer.alloc(20 * 1024 * 1024, 0x20),
    'notebook_too_large',
    /20\.0 MiB; the limit is 10\.0 MiB/,
  ));

test('10,000 levels deep is refused without recursion', () => {
  const deep = `{"nbformat":4,"metadata":{},"cells":[],"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
  rejects(Buffer.from(deep), 'notebook_invalid', /nested/);
});

test('brackets inside strings do not count as nesting', () => {
  assert.equal(maxNesting('{"a":"[[[[\\"[[[","b":[1]}'), 2);
});

// Boundaries: exactly at each cap passes, one unit over is refused.

for (const maxBytes of [4096, 10 * 1024 * 1024]) {
  test(`a notebook of exactly ${maxBytes} bytes passes; ${maxBytes + 1} bytes is too large`, () => {
    const at = { ...limits, maxBytes };
    assert.equal(notebookOfBytes(maxBytes).length, maxBytes);
    assert.equal(validateNotebook(notebookOfBytes(maxBytes), at).nbformat, 4);
    assert.throws(
      () => validateNotebook(notebookOfBytes(maxBytes + 1), at),
      (e: unknown) => e instanceof HubError && e.code === 'notebook_too_large',
    );
  });
}

for (const maxDepth of [10, 100]) {
  test(`nesting of exactly ${maxDepth} levels passes; ${maxDepth + 1} is refused`, () => {
    const at = { ...limits, maxDepth };
    assert.equal(maxNesting(notebookOfDepth(maxDepth).toString()), maxDepth);
    assert.equal(validateNotebook(notebookOfDepth(maxDepth), at).nbformat, 4);
    assert.throws(
      () => validateNotebook(notebookOfDepth(maxDepth + 1), at),
      (e: unknown) =>
        e instanceof HubError &&
        e.code === 'notebook_invalid' &&
        e.message === `The notebook is nested deeper than the limit of ${maxDepth} levels.`,
    );
  });
}
