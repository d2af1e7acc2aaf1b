/**
 * The two message panels: why the session ended (and that the changes are gone), and
 * what went wrong before a session could start, with what to do and, when the hub gave
 * a Retry-After, a countdown to an automatic retry.
 */
import { byId, setText } from '../common/dom.js';
import type { HubProblem } from '../common/http.js';
import { problemText, sessionText } from '../text/session.js';
import type { SessionView } from './types.js';

export function renderEnded(view: SessionView): void {
  const reason = view.ended_reason ?? '';
  const text =
    reason === 'failed' && view.error
      ? sessionText.failedDetail(view.error)
      : (sessionText.ended[reason] ?? sessionText.endedUnknown);
  setText(byId('ended-reason'), text);
  byId('ended').dataset.reason = reason;
  // After a failure "Try again" says what the button does; otherwise it starts afresh.
  const again = byId('start-again');
  const label = reason === 'failed' ? again.dataset.labelFailed : again.dataset.label;
  if (label) setText(again, label);
}

export class ProblemView {
  private readonly heading = byId('problem-heading');
  private readonly what = byId('problem-what');
  private readonly todo = byId('problem-todo');
  private timer: number | undefined;

  /** Shows `problem`; `retry` runs on the button, or by itself after Retry-After. */
  render(problem: HubProblem, retry: () => void): void {
    this.cancel();
    const text = problemText[problem.code] ?? problemText.other!;
    setText(this.heading, text.title);
    setText(this.what, problem.message);
    setText(this.todo, text.todo);
    byId('problem').dataset.code = problem.code;
    const retryButton = byId<HTMLButtonElement>('problem-retry');
    retryButton.onclick = () => {
      this.cancel();
      retry();
    };
    if (problem.retryAfterSeconds !== null) {
      let left = Math.ceil(problem.retryAfterSeconds);
      const countdown = () => {
        setText(this.todo, `${text.todo} ${sessionText.retryIn(left)}`);
        if (left-- <= 0) {
          this.cancel();
          retry();
        }
      };
      countdown();
      this.timer = window.setInterval(countdown, 1000);
    }
  }

  cancel(): void {
    window.clearInterval(this.timer);
    this.timer = undefined;
  }
}
