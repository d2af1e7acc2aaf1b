/**
 * One hub per data folder. The lock is an exclusive SQLite lock (fcntl, held by the
 * kernel for as long as the hub's process lives: a `kill -9` frees it, a second hub —
 * in this process or another, in a container or not — gets "busy"). Beside it, a
 * 0600 file names the holder (PID, host, start time) for the second hub's message.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';

export class DataFolderInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: string,
  ) {
    super(
      `the data folder ${dataDir} is in use by another hub (${holder}); ` +
        'stop that hub first, or give this one its own --data folder',
    );
    this.name = 'DataFolderInUse';
  }
}

export interface DataFolderLock {
  release(): void;
}

/** Takes the lock in `stateDir` or throws {@link DataFolderInUse}; changes nothing when refused. */
export function lockDataFolder(dataDir: string, stateDir: string): DataFolderLock {
  const lockPath = join(stateDir, 'hub.lock');
  const holderPath = join(stateDir, 'hub.lock.holder');
  const db = new Database(lockPath, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the exclusive lock; in this mode it is kept until close.
    db.exec('CREATE TABLE IF NOT EXISTS lock (id INTEGER PRIMARY KEY, at INTEGER)');
    db.prepare('INSERT OR REPLACE INTO lock (id, at) VALUES (1, ?)').run(Date.now());
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    throw new DataFolderInUse(dataDir, readHolder(holderPath));
  }
  const holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  writeFileSync(holderPath, `${JSON.stringify(holder)}\n`, { mode: 0o600 });
  return {
    release() {
      if (db.open) db.close();
    },
  };
}

function readHolder(path: string): string {
  try {
    const { pid, host, since } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    return `PID ${String(pid)} on host ${String(host)}, since ${String(since)}`;
  } catch {
    return 'holder unknown';
  }
}
