/**
 * Follows one session: server-sent events for every change, plus a status poll every
 * `pollMs` (it refreshes the idle deadline, which moves with activity, and measures the
 * offset between this browser's clock and the hub's). When the event stream is refused
 * for good, polling alone carries on; a 404 means the hub no longer takes this browser
 * for the owner (`onLost`). Stops by itself once the session has ended. A hub that shuts
 * down ends the stream with `event: restart`: the page keeps polling and opens a new
 * stream every `retry_ms` until the restarted hub answers, which re-attaches it to the
 * same session (it kept running).
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
  let restartRetryMs: number | null = null;
  let reconnectTimer: number | undefined;
  let events = connect();
  const deliver = (view: SessionView) => {
    if (stopped) return;
    if (view.state === 'ended') stop();
    onView(view);
  };

  function connect(): EventSource {
    const source = new EventSource(`${base}api/sessions/${id}/events`);
    source.addEventListener('session', (event) => {
      restartRetryMs = null;
      deliver(JSON.parse((event as MessageEvent<string>).data) as SessionView);
    });
    source.addEventListener('restart', (event) => {
      const { retry_ms } = JSON.parse((event as MessageEvent<string>).data) as {
        retry_ms?: number;
      };
      restartRetryMs = typeof retry_ms === 'number' && retry_ms > 0 ? retry_ms : 2000;
      source.close();
      reconnectLater();
    });
    source.addEventListener('error', () => {
      if (source.readyState !== EventSource.CLOSED) return;
      // While the hub restarts (a proxy in front may answer 502 meanwhile): try again.
      if (restartRetryMs !== null) return reconnectLater();
      // Refused for good (404: not this browser's session, or a proxy in the way): poll.
      void poll();
      setPollInterval(Math.min(interval, 3000));
    });
    return source;
  }
  function reconnectLater(): void {
    if (stopped) return;
    setPollInterval(Math.min(interval, 3000));
    window.clearTimeout(reconnectTimer);
    reconnectTimer = window.setTimeout(() => {
      if (!stopped) events = connect();
    }, restartRetryMs ?? 2000);
  }

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
    window.clearTimeout(reconnectTimer);
  }
  schedule();
  return {
    refresh: () => void poll(),
    setPollInterval,
    stop,
  };
}
