/**
 * The package's version, read once from package.json (src/hub/ and dist/hub/ both sit two
 * levels below it); '0.0.0' when it cannot be read. Shown in the OpenAPI document.
 */
import { readFileSync } from 'node:fs';

export const hubVersion = ((): string => {
  try {
    const manifest = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    return (JSON.parse(manifest) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();
