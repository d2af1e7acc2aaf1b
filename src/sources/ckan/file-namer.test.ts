import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FileNamer, safeFileName } from './file-namer.js';

test('ordinary names are kept', () => {
  assert.equal(safeFileName('temperatures.csv', 'x'), 'temperatures.csv');
  assert.equal(safeFileName('Données 2024 (v2).csv', 'x'), 'Données 2024 (v2).csv');
});

test('traversal, separators, hidden and control characters cannot get through', () => {
  const cases: Record<string, string> = {
    '../../etc/passwd': 'etc_passwd',
    '..': 'fallback',
    '.': 'fallback',
    '.bashrc': 'bashrc',
    '..\\..\\windows\\win.ini': 'windows_win.ini',
    '/abs/path.csv': 'abs_path.csv',
    'a\u0000b\nc.csv': 'a_b_c.csv',
    'name. . .': 'name',
    '%2e%2e%2fx': '2e_2e_2fx',
    '': 'fallback',
  };
  for (const [raw, expected] of Object.entries(cases)) {
    const got = safeFileName(raw, 'fallback');
    assert.equal(got, expected, JSON.stringify(raw));
    assert.ok(!got.includes('/') && !got.includes('\\') && got !== '.' && got !== '..');
  }
});

test('long names are cut, keeping the extension', () => {
  const got = safeFileName(`${'a'.repeat(300)}.parquet`, 'x');
  assert.equal(got.length, 100);
  assert.ok(got.endsWith('.parquet'));
});

test('collisions are numbered, case-insensitively, and reserved names are never given', () => {
  const namer = new FileNamer(['MANIFEST.json', 'README.txt']);
  assert.equal(namer.take('data.csv', 'f'), 'data.csv');
  assert.equal(namer.take('DATA.csv', 'f'), 'DATA-2.csv');
  assert.equal(namer.take('data.csv', 'f'), 'data-3.csv');
  assert.equal(namer.take('manifest.json', 'f'), 'manifest-2.json');
  assert.equal(namer.take('readme', 'f', 'txt'), 'readme-2.txt');
});

test('a missing extension is added from the format', () => {
  const namer = new FileNamer();
  assert.equal(namer.take('Station list', 'f', 'CSV'), 'Station list.csv');
  assert.equal(namer.take('already.json', 'f', 'geojson'), 'already.json');
  assert.equal(namer.take('', 'resource-1', 'xlsx'), 'resource-1.xlsx');
});
