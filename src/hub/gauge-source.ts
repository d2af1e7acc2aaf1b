/**
 * The session gauges of /metrics, read from the manager when scraped: how many sessions
 * are in each live state, and the capacity the runtime settings allow.
 */
import type { GaugeSource } from '../metrics/hub-metrics.js';
import type { SessionManager } from '../sessions/manager.js';
import { effectiveGuestCap } from '../settings/runtime-settings.js';

export function gaugeSource(manager: SessionManager): GaugeSource {
  return {
    counts() {
      const counts = { queued: 0, starting: 0, ready: 0, stopping: 0 };
      for (const live of manager.live.byId.values()) {
        const state = live.record.state;
        if (state !== 'ended') counts[state]++;
      }
      return counts;
    },
    capacity() {
      const s = manager.settings;
      return { max: s.max_sessions, maxGuests: effectiveGuestCap(s) };
    },
  };
}
