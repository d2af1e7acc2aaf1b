/** Command-line parsing for `ckan-notebook-hub`, with `--help` generated from the schema. */
import { configSchema, type ConfigKey } from './schema.js';

export interface CliArgs {
  help: boolean;
  configFile: string | null;
  flags: Record<string, string>;
}

const flagNames = new Set(
  Object.values(configSchema)
    .map((f) => ('flag' in f ? f.flag : undefined))
    .filter((f): f is string => typeof f === 'string'),
);

export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { help: false, configFile: null, flags: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      args.help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (name !== '--config' && !flagNames.has(name))
      throw new Error(`unknown option ${name} (see --help)`);
    if (value === undefined) throw new Error(`option ${name} needs a value`);
    if (name === '--config') args.configFile = value;
    else args.flags[name] = value;
  }
  return args;
}

export function helpText(): string {
  const lines = [
    'Usage: ckan-notebook-hub [options]',
    '',
    'Runs the notebook hub. Every option also has an environment variable; the order is',
    'defaults < --config file < environment < command-line options.',
    '',
    '  --config <file>  (HUB_CONFIG)',
    '      JSON file of settings, keyed by the names in the README table.',
  ];
  for (const key of Object.keys(configSchema) as ConfigKey[]) {
    const f = configSchema[key];
    if (!('flag' in f) || !f.flag) continue;
    const def = JSON.stringify(f.default);
    lines.push(`  ${f.flag} <${f.parser.kind}>  (${(f.env ?? []).join(', ')}; default ${def})`);
    lines.push(`      ${f.description}`);
  }
  lines.push(
    '  --help',
    '      Show this help.',
    '',
    'All settings, including those without a flag, are listed in the README.',
  );
  return lines.join('\n');
}
