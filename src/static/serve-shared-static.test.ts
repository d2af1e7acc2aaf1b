import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { StaticCompressor } from '../proxy/compressed-static.js';
import {
  SHARED_STATIC_CACHE_CONTROL,
  serveSharedStatic,
  splitPath,
} from './serve-shared-static.js';
import { StaticCopies } from './static-copies.js';

const root = mkdtempSync(join(tmpdir(), 'cnh-nbstatic-'));
const copy = join(root, 'copy');
const script = 'console.log("shared");\n'.repeat(200);
let server: Server;
let port = 0;

before(async () => {
  mkdirSync(join(copy, 'base', 'js'), { recursive: true });
  writeFileSync(join(copy, 'base', 'js', 'main.js'), script);
  writeFileSync(join(copy, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(join(root, 'secret.txt'), 'outside the copy');
  symlinkSync(join(root, 'secret.txt'), join(copy, 'out.txt'));
  symlinkSync(join(copy, 'base', 'js', 'main.js'), join(copy, 'in.js'));
  const copies = new StaticCopies('/hub/nbstatic/');
  await copies.prepare('k1', () => Promise.resolve(copy));
  const shared = {
    copies,
    compressor: new StaticCompressor(),
    headers: { 'X-Frame-Options': 'DENY' },
  };
  server = createServer((req, res) => {
    if (!serveSharedStatic(shared, req, res)) res.writeHead(418).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
after(() => {
  server?.close();
  rmSync(root, { recursive: true, force: true });
});

function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers, method }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      });
      req.on('error', reject).end();
    },
  );
}

describe('the shared static path', () => {
  test('a versioned file: public immutable caching, its type, gzip of exactly its bytes', async () => {
    const res = await get('/hub/nbstatic/k1/base/js/main.js?v=abc', { 'accept-encoding': 'gzip' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], SHARED_STATIC_CACHE_CONTROL);
    assert.equal(res.headers['content-type'], 'application/javascript; charset=utf-8');
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.equal(res.headers.vary, 'Accept-Encoding');
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.equal(gunzipSync(res.body).toString(), script);
  });

  test('unversioned: revalidated; images are not compressed', async () => {
    const res = await get('/hub/nbstatic/k1/logo.png', { 'accept-encoding': 'gzip' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.equal(res.headers['content-type'], 'image/png');
    assert.equal(res.headers['content-encoding'], undefined);
    assert.equal(res.body.length, 4);
  });

  test('an unchanged file revalidates with a 304', async () => {
    const first = await get('/hub/nbstatic/k1/logo.png');
    const since = String(first.headers['last-modified']);
    const again = await get('/hub/nbstatic/k1/logo.png', { 'if-modified-since': since });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    const old = await get('/hub/nbstatic/k1/logo.png', {
      'if-modified-since': new Date(0).toUTCString(),
    });
    assert.equal(old.status, 200);
  });

  test('a link inside the copy is served; one leading out is not', async () => {
    assert.equal((await get('/hub/nbstatic/k1/in.js')).body.toString(), script);
    assert.equal((await get('/hub/nbstatic/k1/out.txt')).status, 404);
  });

  test('traversal, folders, unknown keys and other methods are refused', async () => {
    for (const path of [
      '/hub/nbstatic/k1/../secret.txt',
      '/hub/nbstatic/k1/%2e%2e/secret.txt',
      '/hub/nbstatic/k1/base%2f..%2f..%2fsecret.txt',
      '/hub/nbstatic/k1/base/js/..%5c..%5csecret.txt',
      '/hub/nbstatic/k1/base//js/main.js',
      '/hub/nbstatic/k1/base',
      '/hub/nbstatic/k1/',
      '/hub/nbstatic/k2/base/js/main.js',
      '/hub/nbstatic/%6b1/base/js/main.js%00',
      '/hub/nbstatic/k1/base/js/%E0%A4%A.js',
    ]) {
      assert.equal((await get(path)).status, 404, path);
    }
    assert.equal((await get('/hub/nbstatic/k1/logo.png', {}, 'POST')).status, 405);
    assert.equal((await get('/hub/other')).status, 418, 'not the hub’s path: left to the caller');
  });

  test('splitPath refuses dot segments and hidden separators', () => {
    assert.deepEqual(splitPath('a/b%20c.js'), ['a', 'b c.js']);
    for (const bad of ['a/../b', 'a/%2E%2E/b', 'a%2Fb', 'a/./b', 'a%00', '']) {
      assert.equal(splitPath(bad), null, bad);
    }
  });
});
