/**
 * Size and time caps, on the trusted origin (a loopback server standing in for CKAN):
 * the caps hold there too. Bodies that would never end prove the fetch stops itself.
 */
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, test } from 'node:test';
import { constants, createGzip, gzipSync } from 'node:zlib';
import { HubError } from '../../src/errors/hub-error.js';
import { safeFetch } from '../../src/net/safe-fetch.js';
import { startLoopbackServer, type LoopbackServer } from '../fakes/loopback-server.js';

const MiB = 1024 * 1024;
let server: LoopbackServer;
let bomb: Buffer;

// Writes `chunk` until the client goes away.
function endless(res: ServerResponse, chunk: Buffer): void {
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', pump);
  };
  pump();
}

before(async () => {
  bomb = await gzipOfZeros(256 * MiB);
  server = await startLoopbackServer((req, res) => {
    switch (req.url) {
      case '/declared-large':
        res.writeHead(200, { 'content-length': String(5 * MiB) });
        return endless(res, Buffer.alloc(64 * 1024, 0x61));
      case '/chunked-endless':
        res.writeHead(200, { 'content-type': 'text/csv' });
        return endless(res, Buffer.alloc(64 * 1024, 0x61));
      case '/gzip-bomb':
        res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
        return res.end(bomb);
      case '/gzip-small':
        res.writeHead(200, { 'content-encoding': 'gzip' });
        return res.end(gzipSync('{"cells": []}'));
      case '/compress-unknown':
        res.writeHead(200, { 'content-encoding': 'zstd' });
        return res.end('xx');
      case '/trickle': {
        res.writeHead(200, { 'content-length': '1000' });
        const timer = setInterval(() => res.write('x'), 1000);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case '/two-parts':
        res.writeHead(200, { 'content-length': '6' });
        res.write('abc');
        return void setImmediate(() => res.end('def'));
      case '/silent':
        return; // never answers
      default:
        res.end('small');
    }
  });
});
after(() => server.close());

const opts = () => ({ maxBytes: MiB, timeoutMs: 10_000, trustedOrigin: server.origin });

async function failure(path: string, extra: object = {}): Promise<HubError> {
  const error = await safeFetch(`${server.origin}${path}`, { ...opts(), ...extra }).then(
    () => assert.fail(`${path} was fetched`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof HubError, String(error));
  return error;
}

test('a body under the cap is returned whole, and identity encoding was asked for', async () => {
  const res = await safeFetch(`${server.origin}/fine`, opts());
  assert.equal(res.body.toString(), 'small');
  assert.equal(server.requests.at(-1)?.headers['accept-encoding'], 'identity');
});

test('a declared Content-Length over the cap is refused', async () => {
  const error = await failure('/declared-large');
  assert.equal(error.code, 'fetch_refused');
  assert.equal(error.details?.reason, 'too_large');
  assert.equal(error.message, 'The file is larger than the limit of 1.0 MiB.');
});

test('an endless chunked body (no Content-Length) is cut at the cap', async () => {
  const error = await failure('/chunked-endless');
  assert.equal(error.details?.reason, 'too_large');
});

test('a gzip bomb (256 MiB of zeros in a small body) is cut at the decoded cap', async () => {
  assert.ok(bomb.length < MiB, 'the compressed bomb itself is under the cap');
  const error = await failure('/gzip-bomb');
  assert.equal(error.details?.reason, 'too_large');
});

test('a small gzip body that ignores Accept-Encoding is decoded', async () => {
  const res = await safeFetch(`${server.origin}/gzip-small`, opts());
  assert.equal(res.body.toString(), '{"cells": []}');
});

test('an unknown Content-Encoding is refused', async () => {
  const error = await failure('/compress-unknown');
  assert.equal(error.details?.reason, 'encoding');
  assert.match(error.message, /not supported \(zstd\)/);
});

test('a 1 byte/s trickle is cut at the deadline', async () => {
  const error = await failure('/trickle', { timeoutMs: 1000 });
  // The trusted origin is the CKAN site: a timeout there means the portal is unavailable.
  assert.equal(error.code, 'ckan_unavailable');
  assert.equal(error.status, 503);
  assert.equal(error.details?.reason, 'timeout');
  assert.match((error.cause as Error).message, /did not finish within 1 s\.$/);
});

test('a server that never answers is cut at the deadline', async () => {
  const error = await failure('/silent', { timeoutMs: 1000 });
  assert.equal(error.details?.reason, 'timeout');
});

test("the caller's own cancellation is passed through as its reason", async () => {
  const controller = new AbortController();
  const pending = safeFetch(`${server.origin}/silent`, { ...opts(), signal: controller.signal });
  const reason = new Error('session cancelled');
  controller.abort(reason);
  await assert.rejects(pending, (e) => e === reason);
});

test('an unreachable CKAN site is ckan_unavailable (503)', async () => {
  const closed = await startLoopbackServer(() => {});
  await closed.close();
  const error = await safeFetch(`${closed.origin}/api/3/action/status_show`, {
    ...opts(),
    trustedOrigin: closed.origin,
  }).then(
    () => assert.fail('fetched'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof HubError);
  assert.equal(error.code, 'ckan_unavailable');
  assert.equal(error.details?.reason, 'unreachable');
  assert.match((error.cause as Error).message, /connection refused/);
});

function gzipOfZeros(bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const gzip = createGzip({ level: constants.Z_BEST_COMPRESSION });
    const out: Buffer[] = [];
    gzip.on('data', (c: Buffer) => out.push(c));
    gzip.on('end', () => resolve(Buffer.concat(out)));
    gzip.on('error', reject);
    const zeros = Buffer.alloc(MiB);
    let left = bytes / MiB;
    const write = () => {
      while (left > 0) {
        left--;
        if (!gzip.write(zeros)) return gzip.once('drain', write);
      }
      gzip.end();
    };
    write();
  });
}

test('onBytes is told the decoded bytes so far, after each chunk', async () => {
  const seen: number[] = [];
  const res = await safeFetch(`${server.origin}/two-parts`, {
    ...opts(),
    onBytes: (n) => seen.push(n),
  });
  assert.equal(res.body.toString(), 'abcdef');
  assert.ok(seen.length >= 1 && seen.at(-1) === 6, JSON.stringify(seen));
  assert.deepEqual(
    [...seen].sort((a, b) => a - b),
    seen,
    'never backwards',
  );
});
