/**
 * Builds the frozen Config from, in order: schema defaults, a JSON config file, the
 * environment, then command-line flags. Every bad key is collected and reported by its
 * path (`config file: maxSessions: …`, `env CKAN_JUPYTERHUB_USER: …`) before the hub
 * refuses to start. This is the only module that reads environment variables.
 */
import { readFileSync } from 'node:fs';
import { secretFileProblem } from './secret-file.js';
import { FieldError } from './fields.js';
import { configSchema, type Config, type ConfigKey, type Field } from './schema.js';

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export interface ConfigInput {
  env?: Readonly<Record<string, string | undefined>>;
  /** Flag values by flag name (`--port` → '8080'), as parsed by the CLI. */
  flags?: Readonly<Record<string, string>>;
  /** Path of a JSON config file (also taken from HUB_CONFIG). */
  configFile?: string | null;
  /** Direct values, used by tests and embedders; applied last. */
  overrides?: Partial<Record<ConfigKey, unknown>>;
}

const keys = Object.keys(configSchema) as ConfigKey[];

export function loadConfig(input: ConfigInput = {}): Config {
  const env = input.env ?? {};
  const problems: string[] = [];
  const raw = new Map<ConfigKey, { value: unknown; where: string }>();
  /** Secret files open to other users, refused below unless allowSharedSecretFiles. */
  const openSecretFiles: string[] = [];

  const configFile = input.configFile ?? env.HUB_CONFIG ?? null;
  if (configFile) readConfigFile(configFile, raw, problems);

  for (const key of keys) {
    const f: Field<unknown> = configSchema[key];
    for (const name of [...(f.env ?? [])].reverse()) {
      const value = env[name];
      if (value !== undefined && value !== '') raw.set(key, { value, where: `env ${name}` });
    }
    if (f.secret) {
      const fileVar = `${f.env?.[0]}_FILE`;
      const path = env[fileVar];
      if (path && !raw.has(key)) {
        const problem = secretFileProblem(path);
        if (problem) openSecretFiles.push(`env ${fileVar}: ${problem}`);
        try {
          raw.set(key, { value: readFileSync(path, 'utf8').trim(), where: `env ${fileVar}` });
        } catch (e) {
          problems.push(`env ${fileVar}: cannot read ${path} (${(e as Error).message})`);
        }
      }
    }
    if (f.flag && input.flags?.[f.flag] !== undefined)
      raw.set(key, { value: input.flags[f.flag], where: `flag ${f.flag}` });
    if (input.overrides && key in input.overrides)
      raw.set(key, { value: input.overrides[key], where: `override ${key}` });
  }

  const config: Record<string, unknown> = {};
  for (const key of keys) {
    const f: Field<unknown> = configSchema[key];
    const given = raw.get(key);
    if (!given) {
      config[key] = f.default;
      continue;
    }
    try {
      config[key] = f.parser.parse(given.value);
    } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      problems.push(`${given.where}: ${e.message}`);
    }
  }
  if (!config.allowSharedSecretFiles) problems.push(...openSecretFiles);
  if (problems.length === 0) problems.push(...crossFieldProblems(config as Config));
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config) as Config;
}

function readConfigFile(
  path: string,
  raw: Map<ConfigKey, { value: unknown; where: string }>,
  problems: string[],
): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    problems.push(`config file ${path}: ${(e as Error).message}`);
    return;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push(`config file ${path}: must be a JSON object`);
    return;
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (!(key in configSchema)) {
      problems.push(`config file ${path}: ${key}: unknown setting`);
    } else if (configSchema[key as ConfigKey].secret) {
      problems.push(
        `config file ${path}: ${key}: secrets come from the environment or a file, not the config file`,
      );
    } else {
      raw.set(key as ConfigKey, { value, where: `config file ${path}: ${key}` });
    }
  }
}

/** Rules that involve two settings: the admin listener must be an origin of its own. */
function crossFieldProblems(config: Config): string[] {
  const problems: string[] = [];
  if (config.adminUrl && config.publicUrl) {
    if (new URL(config.adminUrl).origin === new URL(config.publicUrl).origin)
      problems.push(
        'adminUrl: must be another origin than publicUrl (notebook code runs in the public origin)',
      );
  }
  if (config.port !== 0 && config.port === config.adminPort && config.host === config.adminHost)
    problems.push('adminPort: must differ from port (the admin listener is an origin of its own)');
  return problems;
}
