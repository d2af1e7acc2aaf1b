// Launch → proxy → kernel: `6*7` sent over the kernel WebSocket through the hub returns 42,
// and a file the notebook writes lands only in that session's workspace.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestHub, type TestHub, type Visitor } from '../helpers/hub.js';
import { executeCode } from '../helpers/kernel.js';

let hub: TestHub;
before(async () => {
  hub = await startTestHub();
});
after(() => hub.close());

async function readySession(visitor: Visitor, notebook: string): Promise<string> {
  const { status, json } = await visitor.launch({ notebook });
  assert.equal(status, 201);
  await visitor.waitFor(String(json.id), 'ready');
  return String(json.id);
}

test('a kernel runs 6*7 through the hub and files stay in the session', async () => {
  const alice = hub.visitor();
  const bob = hub.visitor();
  const aliceId = await readySession(alice, 'ocean-temperatures/plot-temperatures.ipynb');
  const bobId = await readySession(bob, 'welcome.ipynb');
  const endpoint = { url: `${hub.url}user/${aliceId}/`, headers: alice.headers() };

  assert.equal((await executeCode(endpoint, '6*7')).trim(), '42');
  const mean = await executeCode(
    endpoint,
    "import pandas as pd\nround(pd.read_csv('temperatures.csv')['temperature_c'].count())",
  );
  assert.equal(mean.trim(), '60', 'the neighbour CSV was copied next to the notebook');
  await executeCode(endpoint, "open('written-by-kernel.txt', 'w').write('alice was here')");

  const workspaces = join(hub.dataDir, 'workspaces');
  assert.equal(
    readFileSync(join(workspaces, aliceId, 'written-by-kernel.txt'), 'utf8'),
    'alice was here',
  );
  assert.equal(existsSync(join(workspaces, bobId, 'written-by-kernel.txt')), false);
  assert.equal(
    existsSync(join('examples', 'notebooks', 'ocean-temperatures', 'written-by-kernel.txt')),
    false,
  );
  const bobSees = await executeCode(
    { url: `${hub.url}user/${bobId}/`, headers: bob.headers() },
    "import os\nsorted(os.listdir('.'))",
  );
  assert.doesNotMatch(bobSees, /written-by-kernel|temperatures\.csv/);
});

test('the notebook page loads through the proxy without the token in any URL', async () => {
  const visitor = hub.visitor();
  const id = await readySession(visitor, 'welcome.ipynb');
  const { json } = await visitor.session(id);
  const page = await visitor.fetch(String(json.url).replace(/^\//, ''), {
    headers: { accept: 'text/html' },
  });
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /welcome\.ipynb/);
  const token = hub.hub.manager.live.get(id)!.record.token;
  assert.equal(html.includes(token), false, 'the server token is not in the page');
  assert.equal(String(json.url).includes(token), false);
  assert.match(page.headers.get('content-security-policy') ?? '', /frame-ancestors 'self'/);
});
