/**
 * The dataset launcher page (`run/ckan-dataset/<ref>`) keeps the resource launcher's
 * contract: with a `portal` the hub knows, the heading links back to the dataset page and
 * a logged-in user's page renews its ticket at the plugin's explore route; a ticket is
 * spent at render so a member sees a private dataset's title and starter preview (through
 * a grant for that dataset only); `run=1` keeps the ticket for the launch.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { FakeCkan } from '../fakes/ckan-server.js';
import { datasetTicket, ticketSecret } from './ckan-harness.js';

let ckan: FakeCkan;
let hub: TestHub;

before(async () => {
  ckan = await FakeCkan.start({ version: '2.10.10' });
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

const pageOf = async (ref: string, query: string) =>
  (await fetch(`${hub.url}run/ckan-dataset/${ref}${query}`)).text();
const previewOf = (ref: string, query = '') =>
  fetch(`${hub.url}preview/ckan-dataset/${ref}${query}`);
const portal = () => encodeURIComponent(`${ckan.origin}/`);
const attr = (s: string) => s.replace(/&amp;/g, '&');

test('a guest’s launcher names the dataset and links back to it; no ticket, no renewal', async () => {
  const html = await pageOf('city-air-quality', `?portal=${portal()}&run=1`);
  assert.match(html, /<h1 id="title">City air quality 2026<\/h1>/);
  assert.ok(html.includes(`<a href="${ckan.origin}/dataset/city-air-quality"`), 'dataset link');
  assert.ok(!html.includes('data-renew'), 'a guest has no ticket to renew');
  assert.ok(html.includes('data-key="ckan-dataset:3c93bd5b-a330-4159-8058-4bc75ad02872"'));
});

test('a member’s launcher spends the ticket: private title, a dataset-only preview grant, renewal', async () => {
  const html = await pageOf(
    'private-air',
    `?ticket=${encodeURIComponent(datasetTicket('private-air'))}&portal=${portal()}`,
  );
  assert.match(html, /<h1 id="title">Private air sensors<\/h1>/);
  assert.ok(html.includes(`<a href="${ckan.origin}/dataset/private-air"`), 'dataset link');
  assert.ok(html.includes(`data-renew="${ckan.origin}/jupyternotebook/explore/private-air"`));
  assert.ok(!/data-launch="[^"]*ticket/.test(html), 'the spent ticket is not offered for a launch');
  const src = attr(/src="([^"]*preview\/ckan-dataset[^"]*)"/.exec(html)![1]!);
  const grant = new URL(src, hub.url).searchParams.get('grant')!;
  assert.ok(grant, src);
  const preview = await previewOf('private-air', `?grant=${encodeURIComponent(grant)}`);
  assert.equal(preview.status, 200);
  assert.match(await preview.text(), /private-readings\.csv/);
  assert.notEqual((await previewOf('private-air')).status, 200, 'no grant, no private preview');
  // The grant names this dataset, never a resource: it opens nothing else.
  const id = ckan.ids.privateNotebook;
  const other = await fetch(`${hub.url}preview/ckan/${id}?grant=${encodeURIComponent(grant)}`);
  assert.notEqual(other.status, 200);
});

test('run=1 keeps the ticket for the launch, and renews later launches at the explore route', async () => {
  const html = await pageOf(
    'private-air',
    `?ticket=${encodeURIComponent(datasetTicket('private-air'))}&portal=${portal()}&run=1`,
  );
  assert.match(html, /data-launch="[^"]*ticket/);
  assert.ok(html.includes(`data-renew="${ckan.origin}/jupyternotebook/explore/private-air"`));
});

test('a portal the hub does not know is ignored; a spent or bad ticket names nothing private', async () => {
  const html = await pageOf(
    'private-air',
    `?ticket=nonsense&portal=${encodeURIComponent('https://evil.example/')}`,
  );
  assert.ok(!html.includes('evil.example'));
  assert.ok(!html.includes('Private air sensors'));
  assert.ok(!html.includes('data-renew'));
  assert.match(html, /data-launch="[^"]*ticket/, 'an older plugin’s ticket is kept for the launch');
  const spent = datasetTicket('private-air');
  await pageOf('private-air', `?ticket=${encodeURIComponent(spent)}&portal=${portal()}`);
  const again = await pageOf(
    'private-air',
    `?ticket=${encodeURIComponent(spent)}&portal=${portal()}`,
  );
  assert.ok(!again.includes('Private air sensors'), 'a ticket is spent once');
  assert.ok(again.includes('data-renew'), 'the page still renews at launch');
});

test('an expired ticket on a public dataset still launches, as a guest; on a private one it is refused', async () => {
  const past = Math.floor(Date.now() / 1000) - 60;
  const refused = await hub
    .visitor()
    .launch({ dataset_id: 'private-air', ticket: datasetTicket('private-air', { exp: past }) });
  assert.equal(refused.status, 401, JSON.stringify(refused.json));
  assert.equal(refused.json.error, 'ticket_invalid');
  const visitor = hub.visitor();
  const { status, json } = await visitor.launch({
    dataset_id: 'city-air-quality',
    ticket: datasetTicket('city-air-quality', { exp: past }),
  });
  assert.equal(status, 201, JSON.stringify(json));
  await visitor.waitFor(String(json.id), 'ready', 120_000);
  assert.equal(hub.hub.manager.live.get(String(json.id))?.record.ckanUser, null, 'as a guest');
});
