import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FileProgressTracker, type FileProgress } from './file-progress.js';

const line = (id: string, patch: Partial<FileProgress> = {}): FileProgress => ({
  resource_id: id,
  name: `${id}.csv`,
  kind: 'file',
  state: 'waiting',
  bytes: 0,
  size: 1000,
  reason: null,
  message: null,
  ...patch,
});

test('state changes are reported at once, byte counts at most once per interval', () => {
  let now = 0;
  const reports: (readonly FileProgress[])[] = [];
  const tracker = new FileProgressTracker(
    (files) => reports.push(files),
    250,
    () => now,
  );
  tracker.setAll([line('a'), line('b', { state: 'skipped', reason: 'size', message: 'too big' })]);
  assert.equal(reports.length, 1);
  now = 1000;
  tracker.update('file', 'a', { state: 'fetching' });
  assert.equal(reports.length, 2);
  now = 1100;
  tracker.bytes('file', 'a', 300);
  assert.equal(reports.length, 3, 'the first byte count is reported');
  now = 1200;
  tracker.bytes('file', 'a', 450);
  assert.equal(reports.length, 3, 'within the interval: kept, not reported');
  now = 1350;
  tracker.bytes('file', 'a', 600);
  assert.equal(reports.length, 4);
  assert.equal(reports[3]![0]!.bytes, 600);
  tracker.update('file', 'a', { state: 'done', bytes: 1000, size: 1000 });
  assert.equal(reports.length, 5, 'done is reported even right after a byte report');
  assert.deepEqual(
    reports[4]!.map((f) => [f.resource_id, f.state]),
    [
      ['a', 'done'],
      ['b', 'skipped'],
    ],
  );
  tracker.bytes('file', 'a', 2000);
  tracker.bytes('file', 'zzz', 1);
  assert.equal(tracker.list()[0]!.bytes, 1000, 'bytes only count while fetching');
});

test('the same resource as a file and as a DataStore page are two lines', () => {
  const tracker = new FileProgressTracker(undefined);
  tracker.setAll([line('a'), line('a', { kind: 'datastore', size: null })]);
  tracker.update('datastore', 'a', { state: 'done', bytes: 10, size: 10 });
  assert.deepEqual(
    tracker.list().map((f) => `${f.kind}:${f.state}`),
    ['file:waiting', 'datastore:done'],
  );
});
