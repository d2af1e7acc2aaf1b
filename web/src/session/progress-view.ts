/**
 * The launch progress: the stage list (queued, fetching, starting, scheduling,
 * preparing, connecting, ready) and a status line. Stages only move forward on screen: a
 * view that reports an earlier stage than one already shown changes nothing. The rows of
 * stages not every launch goes through (the queue; a cluster's placement and image
 * preparation) appear only once reached. A dataset launch adds a line per data file
 * (files-view.ts).
 */
import { byId, setText, show } from '../common/dom.js';
import { sessionText } from '../text/session.js';
import { FilesView } from './files-view.js';
import type { SessionView } from './types.js';

const order = ['queued', 'fetching', 'starting', 'scheduling', 'preparing', 'connecting', 'ready'];
/** Rows shown only to launches that went through them. */
const optional = new Set(['queued', 'scheduling', 'preparing']);

export class ProgressView {
  private readonly items = [...byId('stages').querySelectorAll<HTMLLIElement>('li[data-stage]')];
  private readonly status = byId('progress-status');
  private readonly leave = byId<HTMLButtonElement>('leave-queue');
  private readonly files = new FilesView();
  private reached = -1;
  private readonly seen = new Set<string>();

  reset(): void {
    this.reached = -1;
    this.seen.clear();
    this.render();
    this.files.reset();
    setText(this.status, sessionText.launching);
    show(this.leave, false);
  }

  update(view: SessionView): void {
    const stage =
      view.state === 'ready' ? 'ready' : view.state === 'queued' ? 'queued' : view.stage;
    const index = order.indexOf(stage);
    if (index > this.reached) {
      this.reached = index;
      this.seen.add(stage);
    }
    this.render();
    this.files.update(view.files);
    if (view.state === 'queued') {
      setText(
        this.status,
        sessionText.queue(view.queue_position ?? view.queue_length, view.estimated_wait_seconds),
      );
    } else if (this.reached >= 0) {
      setText(this.status, sessionText.stage[order[this.reached]!] ?? '');
    }
    show(this.leave, view.state === 'queued');
  }

  private render(): void {
    this.items.forEach((item, i) => {
      const state = i < this.reached ? 'done' : i === this.reached ? 'current' : 'todo';
      item.dataset.state = state;
      if (state === 'current') item.setAttribute('aria-current', 'step');
      else item.removeAttribute('aria-current');
      const stage = item.dataset.stage ?? '';
      if (optional.has(stage)) item.hidden = !this.seen.has(stage);
    });
  }
}
