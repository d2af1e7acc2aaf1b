/**
 * Before the launch: how many sessions this visitor could start now (a guest's share or a
 * logged-in user's, as the queue counts them), refreshed while the intro is shown.
 */
import { byId, setText } from '../common/dom.js';
import { requestJson } from '../common/http.js';
import { sessionText } from '../text/session.js';
import type { Capacity } from './types.js';

export class IntroView {
  private readonly capacity = byId('capacity');
  private timer: number | undefined;

  constructor(
    private readonly base: string,
    private readonly guest: boolean,
  ) {}

  start(): void {
    void this.refresh();
    this.timer ??= window.setInterval(() => void this.refresh(), 20_000);
  }

  stop(): void {
    window.clearInterval(this.timer);
    this.timer = undefined;
  }

  private async refresh(): Promise<void> {
    const result = await requestJson<Capacity>(`${this.base}api/capacity`);
    if (!result.ok) return setText(this.capacity, sessionText.capacityUnknown);
    const c = result.value;
    const free = this.guest ? c.free_guests : c.free;
    setText(this.capacity, sessionText.capacity(free, c.max_sessions, c.queued));
    this.capacity.dataset.free = String(free);
  }
}
