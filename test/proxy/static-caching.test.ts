/**
 * Versioned static files through the hub, with real Jupyter (Notebook 6 on the local
 * spawner) behind it: only `static/…?v=…` gets the long-lived private cache header and a
 * compressed body (br or gzip, as the client accepts), which decodes to exactly the bytes
 * Jupyter serves; unversioned static files, API answers, notebook pages and files keep
 * Jupyter's own headers and bodies.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { VERSIONED_CACHE_CONTROL } from '../../src/proxy/static-assets.js';
import { startTestHub, type TestHub, type Visitor } from '../helpers/hub.js';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function rawGet(url: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe('versioned static files through the hub (real Jupyter)', () => {
  let hub: TestHub;
  let visitor: Visitor;
  let base: string;
  let mainJs: string;
  let direct: (path: string) => Promise<Raw>;
  const get = (path: string, extra: Record<string, string> = {}) =>
    rawGet(`${base}${path}`, { ...visitor.headers(), ...extra });

  before(async () => {
    // The session's own static path (a spawner without the hub's shared copy, such as
    // swarm, or a failed copy); the shared path is tested in test/browser/shared-static*.
    hub = await startTestHub({ sharedStatic: false });
    visitor = hub.visitor();
    const { json } = await visitor.launch({ notebook: 'welcome.ipynb' });
    const id = String(json.id);
    await visitor.waitFor(id, 'ready', 120_000);
    base = `${hub.url}user/${id}/`;
    const record = hub.hub.manager.get(id)!.record;
    direct = (path) =>
      rawGet(new URL(`/user/${id}/${path}`, record.target!).href, {
        authorization: `token ${record.token}`,
      });
    const page = (await get('notebooks/welcome.ipynb')).body.toString();
    const found = /static\/notebook\/js\/main\.min\.js\?v=[0-9a-f]+/.exec(page);
    assert.ok(found, 'the notebook page links a versioned main.min.js');
    mainJs = found[0];
  });

  after(async () => {
    await hub?.close();
  });

  test('br: long-lived private cache, compressed, decodes to the bytes Jupyter serves', async () => {
    const original = await direct(mainJs);
    assert.equal(original.headers['content-encoding'], undefined, 'Jupyter does not compress');
    const res = await get(mainJs, { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], VERSIONED_CACHE_CONTROL);
    assert.equal(res.headers.expires, undefined);
    assert.equal(res.headers['content-encoding'], 'br');
    assert.match(String(res.headers.vary), /Accept-Encoding/);
    assert.equal(Number(res.headers['content-length']), res.body.length);
    assert.ok(res.body.length < original.body.length / 2, `${res.body.length} bytes`);
    assert.ok(brotliDecompressSync(res.body).equals(original.body));
  });

  test('gzip where br is not accepted; identity where nothing is', async () => {
    const original = await direct(mainJs);
    const gz = await get(mainJs, { 'accept-encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.ok(gunzipSync(gz.body).equals(original.body));
    const plain = await get(mainJs, { 'accept-encoding': 'identity' });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers['cache-control'], VERSIONED_CACHE_CONTROL);
    assert.ok(plain.body.equals(original.body));
    const refused = await get(mainJs, { 'accept-encoding': 'br;q=0, gzip;q=0' });
    assert.equal(refused.headers['content-encoding'], undefined);
  });

  test('an unversioned static file keeps Jupyter headers (revalidated, never immutable)', async () => {
    const path = mainJs.slice(0, mainJs.indexOf('?'));
    const res = await get(path, { 'accept-encoding': 'br, gzip' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.equal(res.headers['content-encoding'], undefined);
    assert.ok(res.body.equals((await direct(path)).body));
  });

  test('API answers, notebook pages and files get no cache header and no compression', async () => {
    for (const path of [
      'api/contents/welcome.ipynb',
      'notebooks/welcome.ipynb',
      'files/welcome.ipynb',
      'tree',
      'api/status',
    ]) {
      const res = await get(path, { 'accept-encoding': 'br, gzip' });
      assert.equal(res.status, 200, path);
      assert.ok(
        !String(res.headers['cache-control'] ?? '').includes('immutable'),
        `${path}: ${res.headers['cache-control']}`,
      );
      assert.ok(!String(res.headers['cache-control'] ?? '').includes('max-age=31536000'), path);
      assert.equal(res.headers['content-encoding'], undefined, path);
    }
  });

  test('a 304 for a versioned file passes through untouched', async () => {
    const first = await get(mainJs);
    const lastModified = String(first.headers['last-modified']);
    const res = await get(mainJs, { 'if-modified-since': lastModified, 'accept-encoding': 'br' });
    assert.equal(res.status, 304);
    assert.equal(res.body.length, 0);
  });
});
