import assert from 'node:assert/strict';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { HubError } from '../../src/errors/hub-error.js';
import { previewCss } from '../../src/preview/preview-css.js';
import type {
  PreviewDeps,
  PreviewNotebook,
  PreviewSourceKind,
} from '../../src/preview/preview-deps.js';
import { registerPreviewRoutes } from '../../src/preview/register-preview-routes.js';

const goodNotebook = JSON.stringify({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [{ cell_type: 'markdown', metadata: {}, source: '# Hello preview' }],
});

describe('registerPreviewRoutes', () => {
  let app: FastifyInstance;
  let calls: Array<[PreviewSourceKind, string]>;
  let answer: () => Promise<PreviewNotebook>;
  let ancestors: readonly string[];

  before(async () => {
    const deps: PreviewDeps = {
      load: (kind, id) => {
        calls.push([kind, id]);
        return answer();
      },
      frameAncestors: () => ancestors,
      limits: { maxBytes: 10_000, maxDepth: 64 },
    };
    app = Fastify({ logger: false });
    await app.register(async (hub) => registerPreviewRoutes(hub, deps), { prefix: '/hub' });
    await app.listen({ host: '127.0.0.1', port: 0 });
  });
  after(() => app.close());
  beforeEach(() => {
    calls = [];
    ancestors = ['https://ckan.example.org'];
    answer = async () => ({ title: 'Demo <notebook>', content: Buffer.from(goodNotebook) });
  });

  it('serves a directory notebook as a page with the strict headers', async () => {
    const res = await app.inject('/hub/preview/notebooks/demo/plots.ipynb?x=1');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(calls, [['notebooks', 'demo/plots.ipynb']]);
    assert.match(res.headers['content-type'] as string, /^text\/html; charset=utf-8/);
    assert.equal(
      res.headers['content-security-policy'],
      "default-src 'none'; img-src data:; style-src 'self'; sandbox allow-popups allow-popups-to-escape-sandbox; frame-ancestors https://ckan.example.org; base-uri 'none'; form-action 'none'",
    );
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['set-cookie'], undefined);
    assert.match(res.body, /<h1>Hello preview<\/h1>/);
    assert.match(res.body, /<title>Demo &lt;notebook&gt;<\/title>/);
  });

  it('links a stylesheet that resolves to the served CSS asset', async () => {
    for (const page of ['/hub/preview/notebooks/a/b/c.ipynb', '/hub/preview/ckan/res-1']) {
      const res = await app.inject(page);
      const href = /<link rel="stylesheet" href="([^"]+)">/
        .exec(res.body)?.[1]
        ?.replace(/&amp;/g, '&');
      assert.ok(href, page);
      const css = await app.inject(new URL(href, `http://hub.test${page}`).pathname);
      assert.equal(css.statusCode, 200, page);
      assert.equal(css.body, previewCss);
      assert.match(css.headers['content-type'] as string, /^text\/css/);
      assert.equal(css.headers['x-content-type-options'], 'nosniff');
    }
  });

  it('serves a CKAN resource by id', async () => {
    const res = await app.inject('/hub/preview/ckan/0b3f9c2e-1d2a-4c3b-9e8f-7a6b5c4d3e2f');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(calls, [['ckan', '0b3f9c2e-1d2a-4c3b-9e8f-7a6b5c4d3e2f']]);
  });

  it("defaults frame-ancestors to 'self' and fails closed on a bad setting", async () => {
    ancestors = [];
    assert.match(
      (await app.inject('/hub/preview/ckan/r1')).headers['content-security-policy'] as string,
      /frame-ancestors 'self';/,
    );
    ancestors = ['*'];
    const res = await app.inject('/hub/preview/ckan/r1');
    assert.equal(res.statusCode, 500);
    assert.match(res.headers['content-security-policy'] as string, /frame-ancestors 'none';/);
    assert.deepEqual(calls, [['ckan', 'r1']]);
  });

  it('refuses traversal and odd paths without asking the source', async () => {
    // Over a real socket: inject() would normalize `.`/`..` segments the way browsers do,
    // but a hand-made request sends the raw path.
    const port = (app.server.address() as AddressInfo).port;
    const rawGet = (path: string) =>
      new Promise<{ status: number; csp: string }>((resolve, reject) => {
        get({ host: '127.0.0.1', port, path }, (res) => {
          res.resume();
          resolve({
            status: res.statusCode ?? 0,
            csp: String(res.headers['content-security-policy']),
          });
        }).on('error', reject);
      });
    const notebookPaths = [
      '..%2f..%2fetc%2fpasswd',
      '%2e%2e/secret.ipynb',
      '../x.ipynb',
      'a/./b.ipynb',
      'a/../b.ipynb',
      'a%5c..%5cb.ipynb',
      'a%00.ipynb',
      'a%0a.ipynb',
      'a//b.ipynb',
    ];
    for (const path of notebookPaths) {
      const res = await rawGet(`/hub/preview/notebooks/${path}`);
      assert.equal(res.status, 404, path);
      assert.match(res.csp, /sandbox/, path);
    }
    for (const id of ['..', '.hidden', 'a%2fb', 'a.b', '%00', '%2e%2e']) {
      assert.equal((await rawGet(`/hub/preview/ckan/${id}`)).status, 404, id);
    }
    // Over-long ids and paths: 404 from the route, or 414 from Fastify's maxParamLength.
    for (const path of [`notebooks/${'x/'.repeat(600)}y`, `ckan/${'x'.repeat(129)}`]) {
      assert.ok([404, 414].includes((await rawGet(`/hub/preview/${path}`)).status), path);
    }
    assert.deepEqual(calls, []);
  });

  it('renders HubErrors from the source as error pages with their status', async () => {
    const cases: Array<[HubError, number]> = [
      [new HubError('notebook_not_found'), 404],
      [new HubError('dataset_forbidden'), 403],
      [new HubError('notebook_too_large'), 413],
      [new HubError('upstream_failed'), 502],
    ];
    for (const [error, status] of cases) {
      answer = () => Promise.reject(error);
      const res = await app.inject('/hub/preview/ckan/r1');
      assert.equal(res.statusCode, status, error.code);
      assert.ok(res.body.includes(error.message), error.code);
      assert.match(res.headers['content-security-policy'] as string, /^default-src 'none'/);
    }
    answer = () => Promise.reject(new HubError('ckan_unavailable', { retryAfterSeconds: 30 }));
    const busy = await app.inject('/hub/preview/ckan/r1');
    assert.equal(busy.statusCode, 503);
    assert.equal(busy.headers['retry-after'], '30');
  });

  it('hides unexpected errors behind a 500', async () => {
    answer = () => Promise.reject(new Error('db password is hunter2'));
    const res = await app.inject('/hub/preview/ckan/r1');
    assert.equal(res.statusCode, 500);
    assert.doesNotMatch(res.body, /hunter2/);
  });

  it('validates the loaded bytes itself', async () => {
    const cases: Array<[string, number]> = [
      ['{not json', 422],
      [JSON.stringify({ nbformat: 3, metadata: {}, cells: [] }), 422],
      [`{"nbformat":4,"metadata":{},"cells":[],"pad":"${'x'.repeat(10_000)}"}`, 413],
      [`${'['.repeat(100)}${']'.repeat(100)}`, 422],
    ];
    for (const [content, status] of cases) {
      answer = async () => ({ title: 't', content: Buffer.from(content) });
      assert.equal(
        (await app.inject('/hub/preview/notebooks/a.ipynb')).statusCode,
        status,
        content.slice(0, 20),
      );
    }
  });
});
