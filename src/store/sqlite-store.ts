/**
 * The default store: one SQLite file in the data folder (WAL, so a `kill -9` loses nothing
 * committed), created 0600 (SQLite gives its -wal and -shm files the same mode). With a
 * `tokenSeal`, each session's server token is kept sealed, never in plain text.
 */
import { closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { SessionRecord } from '../sessions/session.js';
import { migrate } from './migrations.js';
import type { Store } from './store.js';
import type { TokenSeal } from './token-seal.js';

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly stmts;

  constructor(
    path: string,
    private readonly tokenSeal: TokenSeal | null = null,
  ) {
    closeSync(openSync(path, 'a', 0o600));
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
    this.stmts = {
      save: this.db.prepare(
        `INSERT INTO sessions (id, state, visitor_id, created_at, ended_at, record)
         VALUES (@id, @state, @visitorId, @createdAt, @endedAt, @record)
         ON CONFLICT(id) DO UPDATE SET state = excluded.state, ended_at = excluded.ended_at, record = excluded.record`,
      ),
      get: this.db.prepare('SELECT record FROM sessions WHERE id = ?'),
      live: this.db.prepare(
        `SELECT record FROM sessions WHERE state != 'ended' ORDER BY created_at`,
      ),
      recent: this.db.prepare(
        'SELECT record FROM sessions WHERE created_at >= ? ORDER BY created_at DESC LIMIT ?',
      ),
      prune: this.db.prepare(`DELETE FROM sessions WHERE state = 'ended' AND ended_at < ?`),
      settings: this.db.prepare('SELECT key, value FROM settings'),
      saveSetting: this.db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
    };
  }

  saveSession(session: SessionRecord): void {
    this.stmts.save.run({
      id: session.id,
      state: session.state,
      visitorId: session.visitorId,
      createdAt: session.createdAt,
      endedAt: session.endedAt,
      record: this.serialize(session),
    });
  }

  private serialize(session: SessionRecord): string {
    if (!this.tokenSeal) return JSON.stringify(session);
    const { token, ...rest } = session;
    return JSON.stringify({ ...rest, sealedToken: this.tokenSeal.seal(token) });
  }

  private parse(json: string): SessionRecord {
    const parsed = JSON.parse(json) as SessionRecord & { sealedToken?: string };
    const { sealedToken, ...record } = parsed;
    if (sealedToken === undefined) return record;
    if (!this.tokenSeal) throw new Error('the store holds sealed tokens; its key is needed');
    let token: string;
    try {
      token = this.tokenSeal.unseal(sealedToken);
    } catch {
      // Another store key (secrets/ replaced): the server cannot be reached any more;
      // an empty token makes the reconciler's probe fail and end the session.
      token = '';
    }
    return { ...record, token };
  }

  getSession(id: string): SessionRecord | undefined {
    const row = this.stmts.get.get(id) as { record: string } | undefined;
    return row ? this.parse(row.record) : undefined;
  }

  liveSessions(): SessionRecord[] {
    return (this.stmts.live.all() as Array<{ record: string }>).map((r) => this.parse(r.record));
  }

  recentSessions(sinceWallMs: number, limit: number): SessionRecord[] {
    return (this.stmts.recent.all(sinceWallMs, limit) as Array<{ record: string }>).map((r) =>
      this.parse(r.record),
    );
  }

  pruneEnded(beforeWallMs: number): number {
    return this.stmts.prune.run(beforeWallMs).changes;
  }

  loadSettings(): Record<string, unknown> {
    const rows = this.stmts.settings.all() as Array<{ key: string; value: string }>;
    return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  }

  saveSettings(values: Record<string, unknown>): void {
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(values))
        this.stmts.saveSetting.run(key, JSON.stringify(value));
    })();
  }

  close(): void {
    this.db.close();
  }
}
