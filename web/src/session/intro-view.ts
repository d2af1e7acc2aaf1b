/** Before the launch: how many sessions are free, refreshed while the intro is shown. */
import { byId, setText } from '../common/dom.js';
import { requestJson } from '../common/http.js';
import { sessionText } from '../text/session.js';
import type { Capacity } from './types.js';

export class IntroView {
  private readonly capacity = byId('capacity');
  private timer: number | undefined;

  constructor(private readonly base: string) {}

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
    setText(this.capacity, sessionText.capacity(c.free, c.max_sessions, c.queued));
    this.capacity.dataset.free = String(c.free);
  }
}
