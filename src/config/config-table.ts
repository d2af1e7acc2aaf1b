/** The README's configuration table, generated from the schema (a test keeps the README in step). */
import { configSchema, type ConfigKey } from './schema.js';

export const TABLE_START =
  '<!-- config-table:start (generated from src/config/schema.ts; `npm run config-table`) -->';
export const TABLE_END = '<!-- config-table:end -->';

export function configTable(): string {
  const rows = [
    '| setting (config file key) | environment | flag | default | description |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const key of Object.keys(configSchema) as ConfigKey[]) {
    const f = configSchema[key];
    const env =
      (f.env ?? []).map((e) => `\`${e}\``).join(', ') +
      (f.secret ? ` (or \`${f.env?.[0]}_FILE\`)` : '');
    const flag = 'flag' in f && f.flag ? `\`${f.flag}\`` : '';
    const def = f.secret ? '(generated)' : `\`${JSON.stringify(f.default)}\``;
    rows.push(
      `| \`${key}\` | ${env} | ${flag} | ${def} | ${f.description.replace(/\|/g, '\\|')} (${f.parser.kind}) |`,
    );
  }
  return [TABLE_START, ...rows, TABLE_END].join('\n');
}
