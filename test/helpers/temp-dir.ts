import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
  readonly path: string;
  remove(): Promise<void>;
}

/**
 * A fresh folder under the system temp folder. `mode` widens mkdtemp's 0700, e.g. 0o711
 * for a data folder that a sandbox running as another uid must be able to pass through.
 */
export async function makeTempDir(prefix: string, mode?: number): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), `cnh-${prefix}-`));
  if (mode !== undefined) await chmod(path, mode);
  return { path, remove: () => rm(path, { recursive: true, force: true, maxRetries: 3 }) };
}
