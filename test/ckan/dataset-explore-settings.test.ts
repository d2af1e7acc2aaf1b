/**
 * The admin's explore settings enforced by a running hub (fake portal answering like
 * CKAN 2.10.10): with `explore_datasets` off, `POST /api/sessions {dataset_id}`, the
 * dataset launcher and its preview refuse with `explore_disabled` before CKAN is asked
 * and with no slot used; back on, `explore_formats` decides what the starter loads; a bad
 * format is a 400 naming it, and nothing changes. And a resource's launch ticket never
 * opens a dataset (the `dataset_id` claim).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FakeCkan } from '../fakes/ckan-server.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { datasetTicket, ticket, ticketSecret } from './ckan-harness.js';

let ckan: FakeCkan;
let hub: TestHub;
before(async () => {
  ckan = await FakeCkan.start({ version: '2.10.10' });
  hub = await startTestHub({
    ckanUrl: ckan.url,
    ckanApiToken: ckan.tokens.sysadmin,
    ticketSecret,
  });
});
after(async () => {
  await hub.close();
  await ckan.close();
});

const put = (body: unknown) =>
  hub.admin('api/admin/settings', { method: 'PUT', body: JSON.stringify(body) });

test('exploring off: launch, launcher and preview refuse; no slot used, CKAN not asked', async () => {
  const response = await put({ explore_datasets: false });
  assert.equal(response.status, 200);
  assert.equal(((await response.json()) as Record<string, unknown>).explore_datasets, false);

  const guest = hub.visitor();
  const capacity = async () => (await (await guest.fetch('api/capacity')).json()) as object;
  const before = await capacity();
  const asked = ckan.requests.length;
  for (const body of [
    { dataset_id: 'city-air-quality' },
    { dataset_id: 'private-air', ticket: datasetTicket('private-air') },
  ]) {
    const refused = await guest.launch(body);
    assert.equal(refused.status, 403, JSON.stringify(refused.json));
    assert.equal(refused.json.error, 'explore_disabled');
    assert.equal(
      refused.json.message,
      'Exploring datasets in Jupyter is switched off on this hub.',
    );
  }
  const page = await guest.fetch('run/ckan-dataset/city-air-quality');
  assert.equal(page.status, 403);
  assert.match(await page.text(), /Exploring datasets in Jupyter is switched off on this hub\./);
  const german = await guest.fetch('run/ckan-dataset/city-air-quality?lang=de');
  assert.match(
    await german.text(),
    /Erkunden von Datensätzen in Jupyter ist auf diesem Hub ausgeschaltet/,
  );
  const preview = await guest.fetch('preview/ckan-dataset/city-air-quality');
  assert.equal(preview.status, 403);

  assert.deepEqual(await capacity(), before, 'no slot used');
  assert.equal(hub.hub.manager.live.byId.size, 0);
  assert.equal(ckan.requests.length, asked, 'refused before the portal is asked');
});

test('exploring on again: the preview loads only the chosen formats', async () => {
  assert.equal(
    (await put({ explore_datasets: true, explore_formats: ['csv', 'json'] })).status,
    200,
  );
  const guest = hub.visitor();
  const preview = await guest.fetch('preview/ckan-dataset/city-air-quality');
  assert.equal(preview.status, 200);
  const html = await preview.text();
  assert.match(html, /does not load xlsx files in starter notebooks/);
  assert.match(html, /does not load geojson files in starter notebooks/);
  assert.match(html, /measurements\.csv/);

  assert.equal((await put({ explore_formats: 'csv, json, xlsx, geojson' })).status, 200);
  const again = await (await guest.fetch('preview/ckan-dataset/city-air-quality')).text();
  assert.doesNotMatch(again, /does not load xlsx files/, 'the starter follows the new choice');
});

test('an unknown format is a 400 naming it; nothing changes', async () => {
  const before = await (await hub.admin('api/admin/settings')).json();
  const response = await put({ explore_formats: ['csv', 'pdf'], explore_datasets: 'perhaps' });
  assert.equal(response.status, 400);
  const json = (await response.json()) as { fields: Record<string, string> };
  assert.match(json.fields.explore_formats!, /"pdf" is not a known format; choose from csv, tsv/);
  assert.match(json.fields.explore_datasets!, /must be true or false/);
  assert.deepEqual(await (await hub.admin('api/admin/settings')).json(), before);
});

test('a resource ticket does not open a dataset: 401 wrong_resource, no slot used', async () => {
  assert.equal((await put({ explore_datasets: true })).status, 200);
  const member = hub.visitor();
  const before = await (await member.fetch('api/capacity')).json();
  const refused = await member.launch({ dataset_id: 'private-air', ticket: ticket('private-air') });
  assert.equal(refused.status, 401, JSON.stringify(refused.json));
  assert.equal(refused.json.error, 'ticket_invalid');
  assert.equal(refused.json.message, 'The launch ticket is for another resource or dataset.');
  assert.deepEqual(await (await member.fetch('api/capacity')).json(), before);
  assert.equal(hub.hub.manager.live.byId.size, 0);
});
