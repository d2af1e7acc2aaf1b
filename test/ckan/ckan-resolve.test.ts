/** Resolving public notebooks against the fake CKAN, and how CKAN's answers map to errors. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { actionFixture, downloadFixture } from '../fakes/ckan-fixtures.js';
import { FakeCkan } from '../fakes/ckan-server.js';
import { startLoopbackServer } from '../fakes/loopback-server.js';
import { guest, hubError, noAbort, sourceFor } from './ckan-harness.js';

let ckan: FakeCkan;
before(async () => {
  ckan = await FakeCkan.start();
});
after(() => ckan.close());

const notebookBody = downloadFixture('download.upload-notebook').body;

test('a public uploaded notebook resolves, downloaded through the configured base URL', async () => {
  const source = sourceFor(ckan);
  assert.ok(source.accepts({ resource_id: ckan.ids.uploadNotebook }));
  assert.ok(!source.accepts({ notebook: 'demo.ipynb' }));
  const seen = ckan.requests.length;
  const nb = await source.resolve({ resource_id: ckan.ids.uploadNotebook }, guest, noAbort());
  assert.equal(nb.key, `ckan:${ckan.ids.uploadNotebook}`);
  assert.equal(nb.title, 'Analysis notebook');
  assert.equal(nb.fileName, 'analysis.ipynb');
  assert.deepEqual(nb.content, notebookBody);
  assert.equal(nb.private, false);
  assert.equal(nb.ckanUser, null);
  assert.deepEqual(nb.env, {
    CKAN_SITE_URL: ckan.origin,
    CKAN_DATASET_ID: ckan.ids.publicDataset,
    CKAN_RESOURCE_ID: ckan.ids.uploadNotebook,
  });
  const calls = ckan.requests.slice(seen);
  assert.deepEqual(
    calls.map((r) => r.url.replace(/\?.*/, '')),
    [
      '/api/3/action/resource_show',
      '/api/3/action/package_show',
      `/dataset/${ckan.ids.publicDataset}/resource/${ckan.ids.uploadNotebook}/download/analysis.ipynb`,
    ],
  );
  // A guest's calls carry no credentials at all.
  assert.ok(calls.every((r) => r.headers.authorization === undefined));
});

test('a public linked notebook resolves from its URL', async () => {
  const nb = await sourceFor(ckan).resolve(
    { resource_id: ckan.ids.linkedNotebook },
    guest,
    noAbort(),
  );
  assert.equal(nb.title, 'Linked notebook');
  assert.equal(nb.fileName, 'analysis.ipynb');
  assert.deepEqual(nb.content, notebookBody);
});

test('a linked notebook on a private address is refused under the SSRF rules', async () => {
  const internal = await startLoopbackServer((_req, res) => res.end('{}'));
  try {
    const linked = ckan.addResource(ckan.ids.publicDatasetName, {
      name: 'Internal notebook',
      format: 'ipynb',
      url_type: null,
      url: `http://127.0.0.1:${internal.port}/secret.ipynb`,
    });
    const error = await hubError(
      sourceFor(ckan).resolve({ resource_id: String(linked.id) }, guest, noAbort()),
    );
    assert.equal(error.code, 'fetch_refused');
    assert.equal(error.status, 422);
    assert.match(
      error.message,
      /^The address 127\.0\.0\.1 is a loopback address .* cannot be fetched\.$/,
    );
    assert.equal(internal.requests.length, 0);
  } finally {
    await internal.close();
  }
});

test('resources that are not notebooks are refused with 422', async () => {
  for (const [id, format] of [
    [ckan.ids.externalLink, 'HTML'],
    [ckan.ids.csv, 'CSV'],
  ] as const) {
    const error = await hubError(sourceFor(ckan).resolve({ resource_id: id }, guest, noAbort()));
    assert.equal(error.code, 'notebook_invalid');
    assert.equal(error.status, 422);
    assert.equal(
      error.message,
      `This resource is not a Jupyter notebook (its format is ${format}).`,
    );
  }
});

test('a notebook is recognised by a .ipynb URL when its format is empty', async () => {
  const added = ckan.addResource(ckan.ids.publicDatasetName, {
    name: 'Upper.IPYNB',
    format: '',
    body: notebookBody,
  });
  const nb = await sourceFor(ckan).resolve({ resource_id: String(added.id) }, guest, noAbort());
  assert.equal(nb.fileName, 'Upper.IPYNB');
});

test('an unknown resource is 404', async () => {
  const error = await hubError(
    sourceFor(ckan).resolve(
      { resource_id: '00000000-0000-0000-0000-000000000000' },
      guest,
      noAbort(),
    ),
  );
  assert.equal(error.code, 'notebook_not_found');
  assert.equal(error.status, 404);
});

test('a malformed resource id is refused before CKAN is asked', async () => {
  const seen = ckan.requests.length;
  for (const id of ['../etc/passwd', 'a b', '', 'x'.repeat(101), 'id?x=1']) {
    const error = await hubError(sourceFor(ckan).resolve({ resource_id: id }, guest, noAbort()));
    assert.equal(error.code, 'bad_request', id);
  }
  assert.equal(ckan.requests.length, seen);
});

test('an invalid notebook file is refused with the validator message', async () => {
  const added = ckan.addResource(ckan.ids.publicDatasetName, {
    name: 'broken.ipynb',
    format: 'ipynb',
    body: Buffer.from('{"nbformat": 3}'),
  });
  const error = await hubError(
    sourceFor(ckan).resolve({ resource_id: String(added.id) }, guest, noAbort()),
  );
  assert.equal(error.code, 'notebook_invalid');
  assert.match(error.message, /nbformat 3/);
});

test('a notebook over the size limit is 413', async () => {
  const error = await hubError(
    sourceFor(ckan, { notebookMaxBytes: 1024 }).resolve(
      { resource_id: ckan.ids.uploadNotebook },
      guest,
      noAbort(),
    ),
  );
  assert.equal(error.code, 'notebook_too_large');
  assert.equal(error.status, 413);
  assert.equal(error.message, 'The notebook is larger than the limit of 1.0 KiB.');
});

test('CKAN answers map to errors: non-JSON 500 → 502, 409 → 400, proxy 503 → 503', async () => {
  const source = sourceFor(ckan);
  const path = '/api/3/action/resource_show';
  const id = { resource_id: ckan.ids.uploadNotebook };
  try {
    ckan.route(path, (_req, res) =>
      res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>boom</h1>'),
    );
    assert.equal((await hubError(source.resolve(id, guest, noAbort()))).code, 'upstream_failed');
    const missingId = actionFixture('resource_show.missing-id.anonymous');
    ckan.route(path, (_req, res) => res.writeHead(409).end(JSON.stringify(missingId.response)));
    assert.equal((await hubError(source.resolve(id, guest, noAbort()))).code, 'bad_request');
    ckan.route(path, (_req, res) => res.writeHead(503).end('Service Unavailable'));
    const down = await hubError(source.resolve(id, guest, noAbort()));
    assert.equal(down.code, 'ckan_unavailable');
    assert.equal(down.status, 503);
  } finally {
    ckan.route(path, undefined);
  }
});

test('the preview gets a public notebook, anonymously', async () => {
  const seen = ckan.requests.length;
  const preview = await sourceFor(ckan).resolveForPreview(ckan.ids.uploadNotebook);
  assert.equal(preview.title, 'Analysis notebook');
  assert.equal(preview.datasetTitle, 'Ocean temperatures');
  assert.deepEqual(preview.content, notebookBody);
  assert.ok(ckan.requests.slice(seen).every((r) => r.headers.authorization === undefined));
});

test('the preview refuses a private notebook', async () => {
  const error = await hubError(sourceFor(ckan).resolveForPreview(ckan.ids.privateNotebook));
  assert.equal(error.code, 'dataset_forbidden');
});
