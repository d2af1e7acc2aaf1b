// The admin API: token required, every bad field named, good settings persisted and applied to the next launch.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startTestHub, type TestHub } from '../helpers/hub.js';

const dataDir = mkdtempSync(join(tmpdir(), 'cnh-admin-'));
chmodSync(dataDir, 0o711);
let hub: TestHub | undefined;
after(() => hub?.close());

test('missing or wrong token: 401; foreign Origin: 403; no CORS', async () => {
  hub = await startTestHub({}, { dataDir, keepData: true });
  for (const authorization of [undefined, 'Bearer wrong', `Basic ${hub.adminToken}`, 'Bearer ']) {
    const response: Response = await fetch(`${hub.url}api/admin/settings`, {
      headers: authorization ? { authorization } : {},
    });
    assert.equal(response.status, 401, String(authorization));
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  }
  const foreign = await hub.admin('api/admin/settings', {
    headers: { origin: 'https://evil.example' },
  });
  assert.equal(foreign.status, 403);
});

test('a bad setting gets a 400 naming the field; nothing changes', async () => {
  assert.ok(hub);
  const before = await (await hub.admin('api/admin/settings')).json();
  for (const [body, field] of [
    [{ idle_timeout_seconds: 4 }, 'idle_timeout_seconds'],
    [{ max_sessions: 0 }, 'max_sessions'],
    [{ cpu_percent: 101 }, 'cpu_percent'],
    [{ memory_limit: 'lots' }, 'memory_limit'],
    [{ explore_datasets: 'sometimes' }, 'explore_datasets'],
    [{ explore_formats: ['csv', 'docx'] }, 'explore_formats'],
    [{ max_sessions: 2, mystery: 1 }, 'mystery'],
  ] as const) {
    const response = await hub.admin('api/admin/settings', {
      method: 'PUT',
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 400);
    const json = (await response.json()) as Record<string, unknown>;
    assert.equal(json.field, field);
    assert.match(String(json.message), new RegExp(field));
  }
  assert.deepEqual(await (await hub.admin('api/admin/settings')).json(), before);
});

test('a good setting applies to the next launch and survives a restart', async () => {
  assert.ok(hub);
  const response = await hub.admin('api/admin/settings', {
    method: 'PUT',
    body: JSON.stringify({ memory_limit: '768M', cpu_percent: 30, idle_timeout_seconds: 90 }),
  });
  assert.equal(response.status, 200);
  const visitor = hub.visitor();
  const { json } = await visitor.launch({ notebook: 'welcome.ipynb' });
  const record = hub.hub.manager.live.get(String(json.id))!.record;
  assert.deepEqual(
    [record.limits.memoryLimit, record.limits.cpuPercent, record.limits.idleTimeoutSeconds],
    ['768M', 30, 90],
  );
  await hub.close();
  hub = await startTestHub({}, { dataDir });
  const settings = (await (await hub.admin('api/admin/settings')).json()) as Record<
    string,
    unknown
  >;
  assert.deepEqual(
    [settings.memory_limit, settings.cpu_percent, settings.idle_timeout_seconds],
    ['768M', 30, 90],
  );
});
