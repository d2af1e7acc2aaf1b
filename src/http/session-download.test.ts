import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attachment, isNotebookPath } from './session-download.js';

test('only relative .ipynb paths inside the server are downloadable', () => {
  for (const good of ['welcome.ipynb', 'sub/dir/a b.ipynb', 'Ünïcode.ipynb'])
    assert.ok(isNotebookPath(good), good);
  for (const bad of [
    '',
    'a.txt',
    '../x.ipynb',
    '/etc/x.ipynb',
    'a//b.ipynb',
    './x.ipynb',
    'a\\b.ipynb',
    'a\nb.ipynb',
    `${'a'.repeat(300)}.ipynb`,
  ])
    assert.ok(!isNotebookPath(bad), JSON.stringify(bad));
});

test('Content-Disposition has a safe ASCII fallback and the exact UTF-8 name', () => {
  assert.equal(
    attachment('welcome.ipynb'),
    `attachment; filename="welcome.ipynb"; filename*=UTF-8''welcome.ipynb`,
  );
  assert.equal(
    attachment('Tägliche "Daten"; 100%.ipynb'),
    `attachment; filename="T_gliche _Daten__ 100_.ipynb"; filename*=UTF-8''T%C3%A4gliche%20%22Daten%22%3B%20100%25.ipynb`,
  );
});
