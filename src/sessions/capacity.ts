/**
 * Capacity and queue accounting for launches, as functions of the live sessions and the
 * settings in force: where a session may start now (`findSlot`) and the 429 a launch
 * would get (`checkAdmission`). They only read; the manager reserves the slot in the same
 * turn it asks (manager.ts), so a burst of launches never exceeds max_sessions.
 */
import { HubError } from '../errors/hub-error.js';
import type { Visitor } from '../identity/visitor.js';
import { effectiveGuestCap, type RuntimeSettings } from '../settings/runtime-settings.js';
import type { LiveSessions } from './live-session.js';

/**
 * Whether a session may start now: `free` when a slot is unused, `pool` when the pool
 * holds the last free slots (a launch then takes a pooled server, or the pool yields a
 * slot), null when the hub (or the guests' share of it) is full.
 */
export type Slot = 'free' | 'pool' | null;

/** See `Slot`; `pooled` is how many slots the pool holds. */
export function findSlot(
  live: LiveSessions,
  s: RuntimeSettings,
  pooled: number,
  loggedIn: boolean,
): Slot {
  const held = live.held();
  if (held.all >= s.max_sessions || (!loggedIn && held.guests >= effectiveGuestCap(s))) return null;
  return held.all + pooled < s.max_sessions ? 'free' : 'pool';
}

export interface AdmissionLimits {
  readonly queueMax: number;
  readonly maxSessionsPerAddress: number;
}

/**
 * Throws the 429 a launch by this visitor would get right now (full queue, address
 * cap); else whether it would start at once (nobody queues and `slotFor` finds a slot).
 */
export function checkAdmission(
  manager: { readonly live: LiveSessions; slotFor(loggedIn: boolean): Slot },
  options: AdmissionLimits,
  visitor: Visitor,
): boolean {
  const { live } = manager;
  if (visitor.ckanUser === null && options.maxSessionsPerAddress > 0) {
    if (live.fromAddress(visitor.address) >= options.maxSessionsPerAddress) {
      throw new HubError('address_limit', { retryAfterSeconds: 60 });
    }
  }
  const startsNow = live.queue.length === 0 && manager.slotFor(visitor.ckanUser !== null) !== null;
  if (!startsNow && live.queue.length >= options.queueMax) {
    throw new HubError('hub_full', { retryAfterSeconds: retryAfterSeconds() });
  }
  return startsNow;
}

/** Seconds a visitor turned away should wait: until the earliest session deadline, within reason. */
export function retryAfterSeconds(): number {
  return 30;
}
