import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NotebookCache } from './notebook-cache.js';

const bytes = (n: number, fill = 1) => Buffer.alloc(n, fill);

test('a hit does not load again; a new key (new version) does', async () => {
  const cache = new NotebookCache({ maxEntries: 4, maxBytes: 1000 }, () => 0);
  let loads = 0;
  const load = async () => (loads++, bytes(10));
  await cache.get('r1@v1', load);
  await cache.get('r1@v1', load);
  assert.equal(loads, 1);
  await cache.get('r1@v2', load);
  assert.equal(loads, 2);
});

test('simultaneous gets of one key share one load', async () => {
  const cache = new NotebookCache({ maxEntries: 4, maxBytes: 1000 }, () => 0);
  let loads = 0;
  let release!: (b: Buffer) => void;
  const load = () => (loads++, new Promise<Buffer>((r) => (release = r)));
  const all = Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)]);
  release(bytes(3));
  assert.deepEqual(await all, [bytes(3), bytes(3), bytes(3)]);
  assert.equal(loads, 1);
});

test('a failed load is not cached', async () => {
  const cache = new NotebookCache({ maxEntries: 4, maxBytes: 1000 }, () => 0);
  await assert.rejects(
    cache.get('k', () => Promise.reject(new Error('down'))),
    /down/,
  );
  assert.deepEqual(await cache.get('k', async () => bytes(1)), bytes(1));
});

test('the least recently used entry goes first, by count and by bytes', async () => {
  const cache = new NotebookCache({ maxEntries: 2, maxBytes: 100 }, () => 0);
  await cache.get('a', async () => bytes(10));
  await cache.get('b', async () => bytes(10));
  await cache.get('a', async () => assert.fail('a is cached'));
  await cache.get('c', async () => bytes(10)); // evicts b, the least recently used
  assert.equal(cache.size, 2);
  let reloaded = false;
  await cache.get('b', async () => ((reloaded = true), bytes(10)));
  assert.ok(reloaded);
  await cache.get('big', async () => bytes(95)); // over the byte bound with anything else
  assert.equal(cache.size, 1);
  await cache.get('huge', async () => bytes(101)); // larger than the cache: served, not kept
  assert.equal(cache.size, 1);
});

test('entries expire after their time to live', async () => {
  let now = 0;
  const cache = new NotebookCache({ maxEntries: 4, maxBytes: 1000 }, () => now);
  let loads = 0;
  const load = async () => (loads++, bytes(1));
  await cache.get('link', load, 60_000);
  now = 59_999;
  await cache.get('link', load, 60_000);
  now = 60_000;
  await cache.get('link', load, 60_000);
  assert.equal(loads, 2);
});
