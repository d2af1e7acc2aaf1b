/**
 * The record a launch creates: queued, holding the visitor's notebook and the limits in
 * force now. A launch that takes a pooled server takes its id and token too, because a
 * server's base URL and token are fixed when it starts. Builds the record only; the
 * manager saves it and adds it to the live set.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Visitor } from '../identity/visitor.js';
import type { RuntimeSettings } from '../settings/runtime-settings.js';
import type { ResolvedNotebook } from '../sources/source.js';
import type { PooledServer } from './pooled-server.js';
import type { SessionNotebook, SessionRecord } from './session.js';

export interface NewSessionContext {
  readonly settings: RuntimeSettings;
  readonly pidsLimit: number;
  readonly spawnerKind: string;
  readonly clock: Clock;
}

export function newSessionRecord(
  visitor: Visitor,
  notebook: ResolvedNotebook,
  pooled: PooledServer | undefined,
  { settings: s, pidsLimit, spawnerKind, clock }: NewSessionContext,
): SessionRecord {
  return {
    id: pooled?.id ?? randomBytes(12).toString('hex'),
    visitorId: visitor.id,
    ckanUser: visitor.ckanUser,
    clientAddress: visitor.address,
    state: 'queued',
    endedReason: null,
    error: null,
    notebooks: [sessionNotebook(notebook)],
    limits: {
      cpuPercent: s.cpu_percent,
      memoryLimit: s.memory_limit,
      pidsLimit,
      idleTimeoutSeconds: s.idle_timeout_seconds,
      maxLifetimeSeconds: s.max_lifetime_seconds,
    },
    createdAt: clock.wallMs(),
    startedAt: null,
    readyAt: null,
    endedAt: null,
    lastActivityAt: clock.wallMs(),
    token: pooled?.token ?? randomBytes(24).toString('base64url'),
    spawner: spawnerKind,
    spawnerState: null,
    target: null,
  };
}

/** How a session's record lists a notebook it opened. */
export function sessionNotebook(notebook: ResolvedNotebook): SessionNotebook {
  return { key: notebook.key, title: notebook.title, file: notebook.fileName };
}
