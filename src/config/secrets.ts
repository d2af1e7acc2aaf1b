/**
 * Secrets the hub needs: the cookie-signing key, the admin token and the key that seals
 * session tokens in the store. The first two come from the config (the environment or a
 * `_FILE`), or else are generated once and kept in `<data>/secrets/` (0600 files in a
 * 0700 folder), so the embedded default needs no setup and the repository never holds a
 * secret. A kept secret that other users could read stops the start, as a `_FILE` does.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './load.js';
import { secretFileProblem } from './secret-file.js';

export interface HubSecrets {
  readonly cookieKey: Buffer;
  readonly adminToken: string;
  /** Seals session tokens in the store (AES-256-GCM); kept in secrets/store-key. */
  readonly storeKey: Buffer;
  /** Where a generated admin token is kept, for the start-up message; null when configured. */
  readonly adminTokenFile: string | null;
}

export function loadSecrets(
  secretsDir: string,
  configured: { cookieSecret: string | null; adminToken: string | null },
): HubSecrets {
  const adminToken = configured.adminToken ?? keptSecret(secretsDir, 'admin-token');
  if (adminToken.length < 16)
    throw new ConfigError(['HUB_ADMIN_TOKEN: must be at least 16 characters']);
  return {
    cookieKey: Buffer.from(
      configured.cookieSecret ?? keptSecret(secretsDir, 'cookie-secret'),
      'utf8',
    ),
    adminToken,
    storeKey: Buffer.from(keptSecret(secretsDir, 'store-key'), 'base64url'),
    adminTokenFile: configured.adminToken ? null : join(secretsDir, 'admin-token'),
  };
}

function keptSecret(dir: string, name: string): string {
  const path = join(dir, name);
  let kept: string | null = null;
  try {
    kept = readFileSync(path, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (kept !== null) {
    const problem = secretFileProblem(path);
    if (problem) throw new ConfigError([problem]);
    return kept;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const value = randomBytes(32).toString('base64url');
  writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
  return value;
}
