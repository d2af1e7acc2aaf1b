import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../config/load.js';
import { HubError } from '../errors/hub-error.js';
import { SqliteStore } from '../store/sqlite-store.js';
import {
  defaultSettings,
  effectiveGuestCap,
  parseSettingsUpdate,
  SettingsService,
} from './runtime-settings.js';

const invalid = (body: unknown, field: string) =>
  assert.throws(
    () => parseSettingsUpdate(body),
    (e: unknown) =>
      e instanceof HubError && e.status === 400 && e.field === field && e.message.includes(field),
  );

test("the original admin form's rules hold", () => {
  invalid({ idle_timeout_seconds: 4 }, 'idle_timeout_seconds');
  invalid({ max_sessions: 0 }, 'max_sessions');
  invalid({ max_guest_sessions: -1 }, 'max_guest_sessions');
  invalid({ cpu_percent: 0 }, 'cpu_percent');
  invalid({ cpu_percent: 101 }, 'cpu_percent');
  invalid({ memory_limit: '1T' }, 'memory_limit');
  invalid({ memory_limit: '0G' }, 'memory_limit');
  invalid({ memory_limit: 1024 }, 'memory_limit');
  invalid({ max_sessions: 2.5 }, 'max_sessions');
  invalid({ colour: 'blue' }, 'colour');
  assert.deepEqual(
    parseSettingsUpdate({ idle_timeout_seconds: 5, cpu_percent: '100', memory_limit: '512m' }),
    {
      idle_timeout_seconds: 5,
      cpu_percent: 100,
      memory_limit: '512M',
    },
  );
});

test('several bad fields are all named', () => {
  try {
    parseSettingsUpdate({ max_sessions: 0, cpu_percent: 500 });
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof HubError);
    assert.deepEqual(Object.keys(e.details?.fields as object), ['max_sessions', 'cpu_percent']);
  }
});

test('updates persist and survive a new process; the guest cap is never rewritten', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'cnh-settings-')), 'hub.sqlite');
  const defaults = defaultSettings(loadConfig({ env: { CKAN_JUPYTERHUB_USER: '10' } }));
  const store = new SqliteStore(path);
  const service = new SettingsService(defaults, store);
  assert.equal(service.get().max_guest_sessions, 0, '0: the same as max_sessions');
  assert.equal(effectiveGuestCap(service.get()), 10);
  service.update({ max_sessions: 4, memory_limit: '2G' });
  assert.equal(service.get().max_guest_sessions, 0, 'lowering the total leaves it alone');
  assert.equal(effectiveGuestCap(service.get()), 4);
  store.close();
  const reopened = new SettingsService(defaults, new SqliteStore(path));
  assert.deepEqual(
    [reopened.get().max_sessions, reopened.get().memory_limit, reopened.get().max_guest_sessions],
    [4, '2G', 0],
  );
});

test('the effective guest cap is min(max_guest_sessions, max_sessions), computed when read', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'cnh-settings-')), 'hub.sqlite');
  const service = new SettingsService(defaultSettings(loadConfig({})), new SqliteStore(path));
  service.update({ max_sessions: 20, max_guest_sessions: 6 });
  const caps: number[] = [];
  for (const max_sessions of [1, 10, 3, 20]) {
    service.update({ max_sessions });
    assert.equal(service.get().max_guest_sessions, 6, 'stored as set');
    caps.push(effectiveGuestCap(service.get()));
  }
  assert.deepEqual(caps, [1, 6, 3, 6]);
});
