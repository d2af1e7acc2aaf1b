/**
 * Persistence of sessions and admin settings. Synchronous by design: the embedded
 * SQLite store answers in microseconds, and a synchronous write inside the manager's
 * critical sections keeps slot reservation atomic without locks.
 */
import type { SessionRecord } from '../sessions/session.js';

export interface Store {
  /** Insert or replace a session record. */
  saveSession(session: SessionRecord): void;
  getSession(id: string): SessionRecord | undefined;
  /** Sessions not yet ended, oldest first. */
  liveSessions(): SessionRecord[];
  /** Sessions created at or after `sinceWallMs`, newest first, at most `limit`. */
  recentSessions(sinceWallMs: number, limit: number): SessionRecord[];
  /** Forget ended sessions that ended before `beforeWallMs`; returns how many. */
  pruneEnded(beforeWallMs: number): number;
  /** Admin settings that override the configured defaults. */
  loadSettings(): Record<string, unknown>;
  saveSettings(values: Record<string, unknown>): void;
  /** Throws when the store cannot be read (closed, file gone, disk error): readiness. */
  check(): void;
  close(): void;
}
