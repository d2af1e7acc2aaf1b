import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { StaticCompressor } from './compressed-static.js';
import {
  chooseEncoding,
  isCompressible,
  isVersionedStatic,
  versionedStaticHeaders,
} from './static-assets.js';

describe('versioned static files', () => {
  const base = '/hub/user/abc123/';

  test('only static/… right under the session base with a non-empty v counts', () => {
    assert.equal(isVersionedStatic(`${base}static/a/b.js?v=0123abcd`, base), true);
    assert.equal(isVersionedStatic(`${base}static/a/b.js?x=1&v=0123abcd`, base), true);
    for (const url of [
      `${base}static/a/b.js`,
      `${base}static/a/b.js?v=`,
      `${base}static/a/b.js?version=1`,
      `${base}nbextensions/static/b.js?v=1`,
      `${base}files/static/b.js?v=1`,
      `${base}api/contents?v=1`,
      `/hub/user/other/static/b.js?v=1`,
    ])
      assert.equal(isVersionedStatic(url, base), false, url);
  });

  test('br before gzip; q=0 refuses; * counts', () => {
    assert.equal(chooseEncoding('gzip, deflate, br'), 'br');
    assert.equal(chooseEncoding('gzip'), 'gzip');
    assert.equal(chooseEncoding('br;q=0, gzip;q=0.5'), 'gzip');
    assert.equal(chooseEncoding('br;q=0, gzip;q=0'), null);
    assert.equal(chooseEncoding('identity'), null);
    assert.equal(chooseEncoding('*'), 'br');
    assert.equal(chooseEncoding(undefined), null);
  });

  test('text-like types are compressed, images and woff fonts are not', () => {
    for (const type of ['application/javascript', 'text/css; charset=UTF-8', 'image/svg+xml'])
      assert.equal(isCompressible(type), true, type);
    for (const type of ['image/png', 'font/woff2', 'application/octet-stream', undefined])
      assert.equal(isCompressible(type), false, String(type));
  });

  test('headers: the hub cache header instead of upstream, new length and encoding, Vary merged', () => {
    const flat = ['Cache-Control', 'max-age=315360000', 'Expires', 'x', 'Content-Length', '9'];
    const out = versionedStaticHeaders([...flat, 'Vary', 'Origin', 'Etag', '"e"'], {
      encoding: 'br',
      length: 3,
      varies: true,
    });
    assert.deepEqual(out, [
      'Cache-Control',
      'private, max-age=31536000, immutable',
      'Vary',
      'Origin, Accept-Encoding',
      'Content-Encoding',
      'br',
      'Content-Length',
      '3',
    ]);
    const plain = versionedStaticHeaders(flat, { encoding: null, length: null, varies: false });
    assert.deepEqual(plain, [
      'Content-Length',
      '9',
      'Cache-Control',
      'private, max-age=31536000, immutable',
    ]);
  });

  test('the compressor answers by content: same bytes once, other bytes their own', async () => {
    const compressor = new StaticCompressor({ memoBytes: 1024 * 1024 });
    const a = Buffer.from('console.log("a");\n'.repeat(500));
    const b = Buffer.from('console.log("b");\n'.repeat(500));
    const [a1, a2] = await Promise.all([
      compressor.compress(a, 'br'),
      compressor.compress(a, 'br'),
    ]);
    assert.equal(a1, a2, 'concurrent requests for the same bytes share one compression');
    assert.equal(await compressor.compress(a, 'br'), a1, 'memoised');
    assert.ok(brotliDecompressSync(await compressor.compress(b, 'br')).equals(b));
    assert.ok(gunzipSync(await compressor.compress(a, 'gzip')).equals(a));
  });

  test('the compressor bounds what it buffers', () => {
    const compressor = new StaticCompressor({ maxBodyBytes: 100, maxPendingBytes: 150 });
    assert.equal(compressor.reserve(101), false, 'too large for one body');
    assert.equal(compressor.reserve(100), true);
    assert.equal(compressor.reserve(100), false, 'too much buffered at once');
    compressor.release(100);
    assert.equal(compressor.reserve(100), true);
  });
});
