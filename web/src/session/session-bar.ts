/**
 * The slim bar above the notebook: time left before the idle timeout and before the
 * absolute limit, counting down here every second from the hub's ISO deadlines (corrected
 * for this browser's clock offset), and a warning `warning_seconds` before the earlier one.
 */
import { byId, setText, show } from '../common/dom.js';
import { sessionText } from '../text/session.js';
import type { SessionView } from './types.js';

export class SessionBar {
  private readonly timeLeft = byId('time-left');
  private readonly warning = byId('warning');
  private readonly newTab = byId<HTMLAnchorElement>('new-tab');
  private view: SessionView | null = null;
  private skewMs = 0;
  private ticker: number | undefined;
  private warnedFor: 'idle' | 'limit' | null = null;
  private passedDeadline: string | null = null;

  /** `onDeadlinePassed` runs once per deadline that passes here before the hub says so. */
  constructor(private readonly onDeadlinePassed: () => void) {}

  /** The hub's clock, measured at `localMs` on this one. */
  setServerTime(serverMs: number, localMs: number): void {
    const offset = serverMs - localMs;
    // The Date header has one-second resolution: ignore offsets it cannot tell apart.
    this.skewMs = Math.abs(offset) > 1500 ? offset : 0;
  }

  show(view: SessionView): void {
    this.view = view;
    if (view.url) this.newTab.href = view.url;
    this.ticker ??= window.setInterval(() => this.tick(), 1000);
    this.tick();
  }

  stop(): void {
    window.clearInterval(this.ticker);
    this.ticker = undefined;
    this.view = null;
    this.warnedFor = null;
    show(this.warning, false);
  }

  private tick(): void {
    const view = this.view;
    if (!view?.idle_deadline || !view.expires_at) return;
    const now = Date.now() + this.skewMs;
    const idle = (Date.parse(view.idle_deadline) - now) / 1000;
    const limit = (Date.parse(view.expires_at) - now) / 1000;
    setText(this.timeLeft, sessionText.timeLeft(idle, limit));
    const cause = limit <= idle ? 'limit' : 'idle';
    const soonest = Math.min(idle, limit);
    const warn = soonest <= view.warning_seconds;
    this.timeLeft.classList.toggle('urgent', warn);
    if (warn && this.warnedFor !== cause) {
      this.warning.replaceChildren();
      const clock = document.createElement('strong');
      clock.className = 'warning-clock';
      clock.setAttribute('aria-hidden', 'true');
      const message = document.createElement('span');
      message.textContent = sessionText.warning(cause);
      this.warning.append(clock, ' ', message);
      this.warnedFor = cause;
    }
    if (warn)
      setText(this.warning.querySelector('.warning-clock')!, sessionText.warningClock(soonest));
    else this.warnedFor = null;
    show(this.warning, warn);
    const deadline = cause === 'limit' ? view.expires_at : view.idle_deadline;
    if (soonest <= 0 && this.passedDeadline !== deadline) {
      this.passedDeadline = deadline;
      this.onDeadlinePassed();
    }
  }
}
