/**
 * Secrets the hub needs: the cookie-signing key and the admin token. Each comes from
 * the config (the environment or a `_FILE`), or else is generated once and kept in
 * `<dataDir>/secrets/` with mode 0600, so the embedded default needs no setup and the
 * repository never holds a secret.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface HubSecrets {
  readonly cookieKey: Buffer;
  readonly adminToken: string;
  /** Where a generated admin token is kept, for the start-up message; null when configured. */
  readonly adminTokenFile: string | null;
}

export function loadSecrets(
  dataDir: string,
  configured: { cookieSecret: string | null; adminToken: string | null },
): HubSecrets {
  const dir = join(dataDir, 'secrets');
  const adminToken = configured.adminToken ?? keptSecret(dir, 'admin-token');
  if (adminToken.length < 16) throw new Error('HUB_ADMIN_TOKEN must be at least 16 characters');
  return {
    cookieKey: Buffer.from(configured.cookieSecret ?? keptSecret(dir, 'cookie-secret'), 'utf8'),
    adminToken,
    adminTokenFile: configured.adminToken ? null : join(dir, 'admin-token'),
  };
}

function keptSecret(dir: string, name: string): string {
  const path = join(dir, name);
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const value = randomBytes(32).toString('base64url');
  writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
  return value;
}
