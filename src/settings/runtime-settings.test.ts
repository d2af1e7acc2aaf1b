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

test('explore_datasets and explore_formats: defaults from the config, validated, persisted', () => {
  const config = loadConfig({
    env: { HUB_EXPLORE_DATASETS: 'false', HUB_EXPLORE_FORMATS: 'CSV, .xlsx, text/csv' },
  });
  const defaults = defaultSettings(config);
  assert.equal(defaults.explore_datasets, false);
  assert.deepEqual(defaults.explore_formats, ['csv', 'xlsx'], 'canonical, deduplicated, in order');
  assert.equal(defaultSettings(loadConfig({})).explore_datasets, true, 'on by default');
  assert.deepEqual(
    defaultSettings(loadConfig({})).explore_formats,
    ['csv', 'tsv', 'xlsx', 'json', 'geojson'],
    'what the default notebook image reads (no xls, ods or parquet reader in it)',
  );

  invalid({ explore_datasets: 'maybe' }, 'explore_datasets');
  invalid({ explore_datasets: 1 }, 'explore_datasets');
  invalid({ explore_formats: 42 }, 'explore_formats');
  try {
    parseSettingsUpdate({ explore_formats: ['csv', 'docx', 'pdf'] });
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof HubError);
    assert.match(
      e.message,
      /explore_formats: "docx", "pdf" are not known formats; choose from csv, tsv/,
    );
  }
  assert.deepEqual(
    parseSettingsUpdate({ explore_datasets: 'off', explore_formats: 'geojson,csv' }),
    { explore_datasets: false, explore_formats: ['csv', 'geojson'] },
  );
  assert.deepEqual(parseSettingsUpdate({ explore_formats: [] }), { explore_formats: [] });

  const path = join(mkdtempSync(join(tmpdir(), 'cnh-settings-')), 'hub.sqlite');
  const store = new SqliteStore(path);
  const service = new SettingsService(defaultSettings(loadConfig({})), store);
  service.update({ explore_datasets: false, explore_formats: ['json', 'csv'] });
  store.close();
  const reopened = new SettingsService(defaultSettings(loadConfig({})), new SqliteStore(path));
  assert.equal(reopened.get().explore_datasets, false);
  assert.deepEqual(reopened.get().explore_formats, ['csv', 'json']);
});
