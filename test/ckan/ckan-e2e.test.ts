/**
 * End to end through the whole hub: a guest launches a CKAN resource by id, the hub asks
 * the (fake) portal anonymously, copies the notebook and data/temperatures.csv into the
 * session, and a real kernel reads the CSV through the proxy. Private data needs a
 * ticket; a portal that is down is a 503.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FakeCkan } from '../fakes/ckan-server.js';
import { startTestHub, type TestHub, type Visitor } from '../helpers/hub.js';
import { executeCode } from '../helpers/kernel.js';
import { ticket, ticketSecret } from './ckan-harness.js';

let ckan: FakeCkan;
let hub: TestHub;
before(async () => {
  ckan = await FakeCkan.start();
  hub = await startTestHub({ ckanUrl: ckan.url, ckanApiToken: ckan.tokens.sysadmin, ticketSecret });
});
after(async () => {
  await hub.close();
  await ckan.close();
});

async function ready(visitor: Visitor, body: Record<string, unknown>): Promise<string> {
  const { status, json } = await visitor.launch(body);
  assert.equal(status, 201, JSON.stringify(json));
  await visitor.waitFor(String(json.id), 'ready');
  return String(json.id);
}

test('a guest runs a public CKAN notebook whose kernel reads data/temperatures.csv', async () => {
  const visitor = hub.visitor();
  const id = await ready(visitor, { resource_id: ckan.ids.uploadNotebook });
  const endpoint = { url: `${hub.url}user/${id}/`, headers: visitor.headers() };
  const summary = await executeCode(
    endpoint,
    "import pandas as pd\ndf = pd.read_csv('data/temperatures.csv')\nprint(len(df), round(df.temperature.mean(), 2))",
  );
  assert.equal(summary.trim(), '6 14.65');
  const context = await executeCode(
    endpoint,
    "import os, json\nprint(os.environ['CKAN_RESOURCE_ID'], sorted(os.listdir('.')), json.load(open('data/MANIFEST.json'))['total_bytes'])",
  );
  assert.match(
    context,
    new RegExp(`^${ckan.ids.uploadNotebook} .*'analysis\\.ipynb'.*'data'.* 102\\s*$`),
  );
  assert.ok(
    ckan.requests.every((r) => r.headers.authorization === undefined),
    'a guest is anonymous to CKAN',
  );
});

test('a private notebook is 403 for a guest and runs with a launch ticket', async () => {
  const guest = hub.visitor();
  const refused = await guest.launch({ resource_id: ckan.ids.privateNotebook });
  assert.equal(refused.status, 403);
  assert.equal(refused.json.error, 'dataset_forbidden');
  assert.equal(refused.json.message, 'This dataset is private. Log in to the portal to run it.');

  const member = hub.visitor();
  const id = await ready(member, {
    resource_id: ckan.ids.privateNotebook,
    ticket: ticket(ckan.ids.privateNotebook),
  });
  const files = await executeCode(
    { url: `${hub.url}user/${id}/`, headers: member.headers() },
    "import os\nprint(sorted(os.listdir('.')))",
  );
  assert.match(files, /'analysis\.ipynb'/);
  const replay = await hub
    .visitor()
    .launch({ resource_id: ckan.ids.privateNotebook, ticket: ticket(ckan.ids.uploadNotebook) });
  assert.equal(replay.status, 401);
});

test('a launch while the portal is down is 503 ckan_unavailable', async () => {
  await ckan.close();
  const { status, json } = await hub.visitor().launch({ resource_id: ckan.ids.uploadNotebook });
  assert.equal(status, 503);
  assert.equal(json.error, 'ckan_unavailable');
});
