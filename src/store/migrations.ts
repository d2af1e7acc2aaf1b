/** Schema migrations, applied in order and recorded in `PRAGMA user_version`. */
import type Database from 'better-sqlite3';

const migrations: readonly string[] = [
  `CREATE TABLE sessions (
     id TEXT PRIMARY KEY,
     state TEXT NOT NULL,
     visitor_id TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     ended_at INTEGER,
     record TEXT NOT NULL
   );
   CREATE INDEX sessions_state ON sessions (state);
   CREATE INDEX sessions_created ON sessions (created_at);
   CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
];

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `the database schema (version ${current}) is newer than this hub (version ${migrations.length})`,
    );
  }
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
