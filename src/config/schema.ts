/**
 * The one configuration schema. Every setting is declared here once: its parser (type
 * and validation), default, description, environment variable names (the first is the
 * canonical one; later ones are aliases such as the original system's `CKAN_JUPYTERHUB_*`)
 * and command-line flag. The loader, `--help` and the README table all come from it.
 */
import type { Field } from './fields.js';
import { ckanFields } from './schema/ckan.js';
import { notebooksFields } from './schema/notebooks.js';
import { securityFields } from './schema/security.js';
import { serverFields } from './schema/server.js';
import { sessionsFields } from './schema/sessions.js';
import { spawnersFields } from './schema/spawners.js';

export type { Field };

/**
 * Every field, by group in this order (the README table and --help follow it); each group
 * is a file under schema/.
 */
export const configSchema = {
  ...serverFields,
  ...sessionsFields,
  ...notebooksFields,
  ...securityFields,
  ...spawnersFields,
  ...ckanFields,
} as const;

export type ConfigSchema = typeof configSchema;
export type ConfigKey = keyof ConfigSchema;
export type Config = {
  readonly [K in ConfigKey]: ConfigSchema[K] extends Field<infer T> ? T : never;
};
