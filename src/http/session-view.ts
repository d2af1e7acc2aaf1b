/**
 * The JSON a visitor (or the admin) sees of a session. Deadlines are computed on the
 * monotonic clock and shown as wall-clock ISO times. Never contains the server token.
 */
import type { LiveSession } from '../sessions/live-session.js';
import type { FileProgress } from '../sources/file-progress.js';
import type { SessionRecord } from '../sessions/session.js';
import type { HubContext } from './hub-context.js';

export interface SessionView {
  id: string;
  state: SessionRecord['state'];
  stage: string;
  url: string | null;
  notebook: { title: string; file: string } | null;
  queue_position: number | null;
  queue_length: number;
  estimated_wait_seconds: number | null;
  created_at: string;
  ready_at: string | null;
  ended_at: string | null;
  expires_at: string | null;
  idle_deadline: string | null;
  ended_reason: SessionRecord['endedReason'];
  error: string | null;
  warning_seconds: number;
  /** Each data file's progress, while and after a dataset launch copies them; else null. */
  files: readonly FileProgress[] | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function sessionView(ctx: HubContext, record: SessionRecord): SessionView {
  const { manager, clock, config } = ctx;
  const live = manager.live.get(record.id);
  const latest = record.notebooks[record.notebooks.length - 1] ?? null;
  const position = manager.live.position(record.id);
  const deadlines = live && record.state === 'ready' ? deadlinesOf(ctx, live) : null;
  return {
    id: record.id,
    state: record.state,
    stage: live?.stage ?? record.state,
    url:
      record.state === 'ended' || !latest
        ? null
        : `${manager.baseUrl(record.id)}${ctx.notebookPath(latest.file)}`,
    notebook: latest ? { title: latest.title, file: latest.file } : null,
    queue_position: position,
    queue_length: manager.live.queue.length,
    estimated_wait_seconds: position === null ? null : estimateWaitSeconds(ctx, position),
    created_at: iso(record.createdAt)!,
    ready_at: iso(record.readyAt),
    ended_at: iso(record.endedAt),
    expires_at: deadlines ? iso(clock.wallMs() + deadlines.maxAgeInMs) : null,
    idle_deadline: deadlines ? iso(clock.wallMs() + deadlines.idleInMs) : null,
    ended_reason: record.endedReason,
    error: record.error,
    warning_seconds: config.warningSeconds,
    files: record.state === 'starting' || record.state === 'ready' ? (live?.files ?? null) : null,
  };
}

function deadlinesOf(ctx: HubContext, live: LiveSession): { maxAgeInMs: number; idleInMs: number } {
  const now = ctx.clock.nowMs();
  const { limits } = live.record;
  return {
    maxAgeInMs: Math.max(0, live.startedMs + limits.maxLifetimeSeconds * 1000 - now),
    idleInMs: Math.max(0, live.lastActivityMs + limits.idleTimeoutSeconds * 1000 - now),
  };
}

/**
 * The queue position's wait if nobody leaves early: the position-th earliest moment a
 * running session must end (its idle deadline or its maximum age, whichever is first).
 */
function estimateWaitSeconds(ctx: HubContext, position: number): number | null {
  const ends: number[] = [];
  for (const live of ctx.manager.live.byId.values()) {
    if (live.record.state !== 'ready') continue;
    const d = deadlinesOf(ctx, live);
    ends.push(Math.min(d.maxAgeInMs, d.idleInMs));
  }
  ends.sort((a, b) => a - b);
  const nth = ends[position - 1];
  return nth === undefined ? null : Math.ceil(nth / 1000);
}
