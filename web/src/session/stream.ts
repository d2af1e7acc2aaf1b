/**
 * Follows one session: server-sent events for every change, plus a status poll every
 * `pollMs` (it refreshes the idle deadline, which moves with activity, and measures the
 * offset between this browser's clock and the hub's). When the event stream is refused
 * for good, polling alone carries on; a 404 means the hub no longer takes this browser
 * for the owner (`onLost`). Stops by itself once the session has ended.
 */
import { requestJson } from '../common/http.js';
import type { SessionView } from './types.js';

export interface Follower {
  /** Poll now (e.g. a deadline has passed on this side). */
  refresh(): void;
  /** Poll every `ms` from now on. */
  setPollInterval(ms: number): void;
  stop(): void;
}

export function followSession(
  base: string,
  id: string,
  onView: (view: SessionView) => void,
  onServerDate: (serverMs: number, localMs: number) => void,
  onLost: () => void,
  pollMs = 15_000,
): Follower {
  let stopped = false;
  let interval = pollMs;
  let timer: number | undefined;
  const events = new EventSource(`${base}api/sessions/${id}/events`);
  const deliver = (view: SessionView) => {
    if (stopped) return;
    if (view.state === 'ended') stop();
    onView(view);
  };
  events.addEventListener('session', (event) => {
    deliver(JSON.parse((event as MessageEvent<string>).data) as SessionView);
  });
  events.addEventListener('error', () => {
    if (events.readyState !== EventSource.CLOSED) return;
    // Refused for good (404: not this browser's session, or a proxy in the way): poll.
    void poll();
    setPollInterval(Math.min(interval, 3000));
  });

  async function poll(): Promise<void> {
    const sentAt = Date.now();
    const result = await requestJson<SessionView>(`${base}api/sessions/${id}`);
    if (stopped) return;
    if (result.ok) {
      if (result.serverDate !== null) onServerDate(result.serverDate, (sentAt + Date.now()) / 2);
      deliver(result.value);
    } else if (result.problem.status === 404) {
      stop();
      onLost();
    }
  }
  function schedule(): void {
    window.clearTimeout(timer);
    if (!stopped) timer = window.setTimeout(() => void poll().finally(schedule), interval);
  }
  function setPollInterval(ms: number): void {
    if (ms === interval) return;
    interval = ms;
    schedule();
  }
  function stop(): void {
    stopped = true;
    events.close();
    window.clearTimeout(timer);
  }
  schedule();
  return {
    refresh: () => void poll(),
    setPollInterval,
    stop,
  };
}
