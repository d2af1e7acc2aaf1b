/**
 * The settings an admin changes at run time (from the hub's admin API or CKAN's admin
 * page). Defaults come from the config (and so from the original CKAN_JUPYTERHUB_*
 * variables); admin changes are validated with the same parsers as the config, at
 * least as strictly as the original admin form, persisted in the store and applied to
 * the next launch without a restart.
 */
import { configSchema, type Config } from '../config/schema.js';
import { FieldError, type Parser } from '../config/fields.js';
import { HubError } from '../errors/hub-error.js';
import type { Store } from '../store/store.js';

export interface RuntimeSettings {
  readonly max_sessions: number;
  readonly max_guest_sessions: number;
  readonly idle_timeout_seconds: number;
  readonly max_lifetime_seconds: number;
  readonly cpu_percent: number;
  readonly memory_limit: string;
  /** Whether datasets can be explored (launched as a generated starter notebook). */
  readonly explore_datasets: boolean;
  /** Canonical loadable formats the starter loads (src/starter/reader-for.ts). */
  readonly explore_formats: readonly string[];
}

type SettingName = keyof RuntimeSettings;

const parsers: { readonly [K in SettingName]: Parser<RuntimeSettings[K]> } = {
  max_sessions: configSchema.maxSessions.parser,
  max_guest_sessions: configSchema.maxGuestSessions.parser,
  idle_timeout_seconds: configSchema.idleTimeoutSeconds.parser,
  max_lifetime_seconds: configSchema.maxLifetimeSeconds.parser,
  cpu_percent: configSchema.cpuPercent.parser,
  memory_limit: configSchema.memoryLimit.parser,
  explore_datasets: configSchema.exploreDatasets.parser,
  explore_formats: configSchema.exploreFormats.parser,
};

export const settingNames = Object.keys(parsers) as SettingName[];

export function defaultSettings(config: Config): RuntimeSettings {
  return {
    max_sessions: config.maxSessions,
    max_guest_sessions: config.maxGuestSessions,
    idle_timeout_seconds: config.idleTimeoutSeconds,
    max_lifetime_seconds: config.maxLifetimeSeconds,
    cpu_percent: config.cpuPercent,
    memory_limit: config.memoryLimit,
    explore_datasets: config.exploreDatasets,
    explore_formats: config.exploreFormats,
  };
}

/**
 * The guests' share of the sessions, computed when read: `max_guest_sessions` as stored,
 * but never above `max_sessions`, and 0 meaning "the same as max_sessions".
 */
export function effectiveGuestCap(
  s: Pick<RuntimeSettings, 'max_sessions' | 'max_guest_sessions'>,
): number {
  return s.max_guest_sessions === 0
    ? s.max_sessions
    : Math.min(s.max_guest_sessions, s.max_sessions);
}

/** Validates a partial update; throws one HubError naming every bad field. */
export function parseSettingsUpdate(body: unknown): Partial<RuntimeSettings> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HubError('bad_request', { message: 'The settings must be a JSON object.' });
  }
  const update: Record<string, unknown> = {};
  const fields: Record<string, string> = {};
  for (const [name, raw] of Object.entries(body)) {
    const parser = parsers[name as SettingName] as Parser<unknown> | undefined;
    if (!parser) {
      fields[name] = 'unknown setting';
      continue;
    }
    try {
      // Numbers sent as JSON strings ("20") are accepted, as the original form sent strings;
      // booleans as true/false or "true"/"false", format lists as arrays or "csv, xlsx".
      update[name] = parser.parse(raw);
    } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      fields[name] = e.message;
    }
  }
  const names = Object.keys(fields);
  if (names.length > 0) {
    throw new HubError('setting_invalid', {
      field: names[0],
      message: names.map((n) => `${n}: ${fields[n]}`).join('; '),
      details: { fields },
    });
  }
  return update as Partial<RuntimeSettings>;
}

export class SettingsService {
  private current: RuntimeSettings;
  private readonly listeners = new Set<(s: RuntimeSettings) => void>();

  constructor(
    private readonly defaults: RuntimeSettings,
    private readonly store: Store,
  ) {
    const saved = store.loadSettings();
    const valid: Record<string, unknown> = {};
    for (const name of settingNames) {
      if (!(name in saved)) continue;
      try {
        valid[name] = parsers[name].parse(saved[name]);
      } catch {
        // A stored value that no longer validates falls back to the configured default.
      }
    }
    this.current = Object.freeze({ ...defaults, ...valid });
  }

  get(): RuntimeSettings {
    return this.current;
  }

  /** Validate, persist and apply; returns the full new settings. */
  update(body: unknown): RuntimeSettings {
    const update = parseSettingsUpdate(body);
    // Only what was asked is saved: the guest cap is never rewritten to follow the total
    // (see effectiveGuestCap), so raising max_sessions again raises the guests' share too.
    const next = { ...this.current, ...update };
    this.store.saveSettings(update as Record<string, unknown>);
    this.current = Object.freeze(next);
    for (const listener of this.listeners) listener(this.current);
    return this.current;
  }

  onChange(listener: (s: RuntimeSettings) => void): void {
    this.listeners.add(listener);
  }

  /** The configured defaults, for display. */
  configured(): RuntimeSettings {
    return this.defaults;
  }
}
