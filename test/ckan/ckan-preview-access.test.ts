/**
 * The static preview of a private notebook over HTTP: a launch ticket (spent by the
 * request) or the preview grant the launcher page made from one shows it; nothing else
 * does. And the launcher page's heading names the resource and the dataset.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { FakeCkan } from '../fakes/ckan-server.js';
import { ticket, ticketSecret } from './ckan-harness.js';

let ckan: FakeCkan;
let hub: TestHub;

before(async () => {
  ckan = await FakeCkan.start();
  hub = await startTestHub({
    ckanUrl: ckan.url,
    ticketSecret,
    ckanApiToken: ckan.tokens.sysadmin,
  });
});
after(async () => {
  await hub?.close();
  await ckan?.close();
});

const previewOf = (id: string, query = '') => fetch(`${hub.url}preview/ckan/${id}${query}`);
const signed = (id: string, user = 'alice') => ticket(id, { user });

test('a ticket shows a private preview once; without one it is forbidden', async () => {
  const id = ckan.ids.privateNotebook;
  assert.equal((await previewOf(id)).status, 403);
  const t = signed(id);
  const first = await previewOf(id, `?ticket=${encodeURIComponent(t)}`);
  assert.equal(first.status, 200);
  assert.match(await first.text(), /nb-cell/);
  assert.equal((await previewOf(id, `?ticket=${encodeURIComponent(t)}`)).status, 403, 'spent');
  const other = signed(ckan.ids.uploadNotebook);
  assert.equal((await previewOf(id, `?ticket=${encodeURIComponent(other)}`)).status, 403);
});

test('the launcher spends the ticket and gives its preview frame a grant for that resource only', async () => {
  const id = ckan.ids.privateNotebook;
  const portal = encodeURIComponent(`${ckan.origin}/`);
  const page = await fetch(
    `${hub.url}run/ckan/${id}?ticket=${encodeURIComponent(signed(id))}&portal=${portal}`,
  );
  const html = await page.text();
  assert.match(html, /<h1 id="title">Private notebook<\/h1>/);
  assert.ok(html.includes(`<a href="${ckan.origin}/dataset/private-study"`), 'link to the dataset');
  assert.ok(html.includes(`data-renew="${ckan.origin}/jupyternotebook/launch/${id}"`));
  assert.ok(!/data-launch="[^"]*ticket/.test(html), 'the spent ticket is not offered for a launch');
  const src = /src="([^"]*preview\/ckan[^"]*)"/.exec(html)![1]!.replace(/&amp;/g, '&');
  const grant = new URL(src, hub.url).searchParams.get('grant')!;
  assert.ok(grant);
  assert.equal((await previewOf(id, `?grant=${encodeURIComponent(grant)}`)).status, 200);
  assert.equal((await previewOf(id, `?grant=${encodeURIComponent(grant)}`)).status, 200);
  const elsewhere = await previewOf(ckan.ids.csv, `?grant=${encodeURIComponent(grant)}`);
  assert.notEqual(elsewhere.status, 200);
});

test('a portal the hub does not know is ignored; without a usable ticket a private page names nothing', async () => {
  const id = ckan.ids.privateNotebook;
  const html = await (
    await fetch(
      `${hub.url}run/ckan/${id}?ticket=nonsense&portal=${encodeURIComponent('https://evil.example/')}`,
    )
  ).text();
  assert.ok(!html.includes('evil.example'));
  assert.ok(!html.includes('Private notebook'));
  assert.ok(!html.includes('data-renew'));
  assert.match(html, /data-launch="[^"]*ticket/, 'an older plugin’s ticket is kept for the launch');
});

test('a public notebook’s launcher names it for a guest too, with run=1 keeping the ticket', async () => {
  const id = ckan.ids.uploadNotebook;
  const portal = encodeURIComponent(`${ckan.origin}/`);
  const html = await (
    await fetch(
      `${hub.url}run/ckan/${id}?ticket=${encodeURIComponent(signed(id))}&portal=${portal}&run=1`,
    )
  ).text();
  assert.match(html, /<h1 id="title">Analysis notebook<\/h1>/);
  assert.ok(html.includes('Ocean temperatures'));
  assert.match(html, /data-launch="[^"]*ticket/);
});
