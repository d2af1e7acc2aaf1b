/**
 * The fake CKAN answers exactly like the captured CKAN 2.10.10: for every captured
 * action call, the same status and the same JSON (byte for byte once linked URLs are
 * mapped back to the captured site); for every captured download, the same status,
 * headers and body.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { actionFixture, downloadFixture } from '../fakes/ckan-fixtures.js';
import { FakeCkan } from '../fakes/ckan-server.js';

let ckan: FakeCkan;
before(async () => {
  ckan = await FakeCkan.start();
});
after(() => ckan.close());

const authFor = (auth: string): string | undefined => {
  if (auth === 'anonymous') return undefined;
  if (/sysadmin/.test(auth)) return ckan.tokens.sysadmin;
  if (/alice/.test(auth)) return ckan.tokens.alice;
  if (/bob/.test(auth)) return ckan.tokens.bob;
  if (/invalid/.test(auth)) return 'not-a-token-ckan-knows';
  throw new Error(`unknown fixture auth ${auth}`);
};

const captured = readdirSync(new URL('../fakes/ckan-fixtures/ckan-2.10.10/', import.meta.url))
  .filter((f) => /^(resource_show|package_show|status_show)\b.*\.json$/.test(f))
  // Captured with the datastore plugin on: fake-ckan-datastore.test.ts starts the fake so.
  .filter((f) => f !== 'status_show.with-datastore.json')
  .map((f) => f.replace(/\.json$/, ''));

test('the fixture folder holds the captured calls', () => {
  assert.ok(captured.length >= 14, captured.join(', '));
});

for (const name of captured) {
  test(`answers like the capture: ${name}`, async () => {
    const fixture = actionFixture(name);
    const [method, path] = fixture.request.split(' ') as [string, string];
    const authorization = authFor(fixture.auth);
    const res = await fetch(ckan.origin + path, {
      method,
      headers: authorization ? { authorization } : {},
    });
    assert.equal(res.status, fixture.status);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const text = (await res.text()).replaceAll(ckan.origin, ckan.world.siteUrl);
    assert.equal(text, JSON.stringify(fixture.response));
  });
}

test('linked resources point at the fake; uploads keep the unreachable site_url', async () => {
  const res = await fetch(`${ckan.origin}/api/3/action/package_show?id=${ckan.ids.publicDataset}`);
  const { result } = (await res.json()) as { result: { resources: Array<Record<string, string>> } };
  const byId = new Map(result.resources.map((r) => [r.id, r]));
  assert.ok(byId.get(ckan.ids.linkedNotebook)!.url!.startsWith(`${ckan.origin}/dataset/`));
  assert.ok(byId.get(ckan.ids.uploadNotebook)!.url!.startsWith(`${ckan.world.siteUrl}/dataset/`));
  assert.notEqual(ckan.world.siteUrl, ckan.origin);
});

const downloads: Array<[string, () => string, string | undefined]> = [
  ['download.upload-notebook', () => ckan.ids.uploadNotebook, undefined],
  ['download.csv', () => ckan.ids.csv, undefined],
  ['download.private-notebook.member', () => ckan.ids.privateNotebook, 'alice'],
  ['download.private-notebook.anonymous', () => ckan.ids.privateNotebook, undefined],
];
for (const [name, id, user] of downloads) {
  test(`downloads like the capture: ${name}`, async () => {
    const fixture = downloadFixture(name);
    const dataset =
      id() === ckan.ids.privateNotebook ? ckan.ids.privateDataset : ckan.ids.publicDataset;
    const headers: Record<string, string> = user ? { authorization: ckan.tokens.alice } : {};
    const res = await fetch(`${ckan.origin}/dataset/${dataset}/resource/${id()}/download/file`, {
      headers,
    });
    assert.equal(res.status, fixture.status);
    for (const [header, value] of fixture.headers)
      assert.equal(res.headers.get(header), value, header);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), fixture.body);
  });
}

test('the private download page is HTML, not JSON', async () => {
  const url = `${ckan.origin}/dataset/${ckan.ids.privateDataset}/resource/${ckan.ids.privateNotebook}/download/analysis.ipynb`;
  const res = await fetch(url, { headers: { authorization: ckan.tokens.bob } });
  assert.equal(res.status, 403);
  assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.match(await res.text(), /<title>Error 403 - CKAN<\/title>/);
});
