import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { collectDecoded, isScrubbableHtml, scrubToken } from './token-scrub.js';

const token = 'tok_3xAmPlE-/+=token';

test('every spelling of the token leaves the page', () => {
  const page = Buffer.from(
    `<body data-jupyter-api-token="${encodeURIComponent(token)}"><a href="/user/a/tree?token=${token}">x</a>é</body>`,
  );
  const out = scrubToken(page, token).toString();
  assert.equal(out.includes(token) || out.includes(encodeURIComponent(token)), false);
  assert.match(out, /tree\?token=">x<\/a>é/);
});

test('pages without the token are returned as they are', () => {
  const page = Buffer.from('<p>nothing here</p>');
  assert.equal(scrubToken(page, token), page);
});

async function fetchRaw(headers: Record<string, string>, body: Buffer): Promise<IncomingMessage> {
  const server = createServer((_req, res) => {
    res.writeHead(200, headers);
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return new Promise((resolve) => {
    request({ port, host: '127.0.0.1' }, (res) => {
      resolve(res);
      res.once('end', () => server.close());
    }).end();
  });
}

test('gzip-compressed HTML is decoded before scrubbing', async () => {
  const page = Buffer.from(`<html>${token}</html>`);
  const res = await fetchRaw(
    { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' },
    gzipSync(page),
  );
  assert.equal(isScrubbableHtml(res), true);
  const head = await new Promise<Buffer>((resolve, reject) =>
    collectDecoded(res, 1024 * 1024, (h) => resolve(h), reject),
  );
  assert.equal(scrubToken(head, token).toString(), '<html></html>');
});

test('JSON and unknown encodings are streamed untouched', async () => {
  const json = await fetchRaw({ 'content-type': 'application/json' }, Buffer.from('{}'));
  assert.equal(isScrubbableHtml(json), false);
  json.resume();
  const odd = await fetchRaw(
    { 'content-type': 'text/html', 'content-encoding': 'zstd' },
    Buffer.from('x'),
  );
  assert.equal(isScrubbableHtml(odd), false);
  odd.resume();
});
