/**
 * The live sessions table, updated in place on every poll (rows keep their focus and an
 * open "Stop this session?" question), with a Stop button per session.
 */
import { byId, el, setText, show } from '../common/dom.js';
import { bytes, duration } from '../common/format.js';
import { adminText } from '../text/admin.js';

export interface AdminSession {
  id: string;
  state: string;
  notebook: { title: string; file: string } | null;
  visitor_kind: 'guest' | 'ckan-user';
  ckan_user: string | null;
  age_seconds: number;
  idle_seconds: number;
  cpu_percent: number | null;
  memory_bytes: number | null;
}

export class SessionsTable {
  private readonly body = byId('sessions').querySelector('tbody')!;
  private readonly empty = byId('sessions-empty');
  private readonly rows = new Map<string, HTMLTableRowElement>();

  constructor(private readonly stop: (id: string) => Promise<void>) {}

  render(sessions: readonly AdminSession[]): void {
    const seen = new Set<string>();
    for (const session of sessions) {
      seen.add(session.id);
      let row = this.rows.get(session.id);
      if (!row) {
        row = this.newRow(session.id);
        this.rows.set(session.id, row);
        this.body.append(row);
      }
      this.fill(row, session);
    }
    for (const [id, row] of this.rows) {
      if (seen.has(id)) continue;
      row.remove();
      this.rows.delete(id);
    }
    show(this.empty, sessions.length === 0);
    show(byId('sessions'), sessions.length > 0);
  }

  private fill(row: HTMLTableRowElement, s: AdminSession): void {
    const cells = row.cells;
    const visitor =
      s.visitor_kind === 'guest' ? adminText.guest : adminText.ckanUser(s.ckan_user ?? '');
    const values = [
      s.id.slice(0, 8),
      visitor,
      s.notebook?.title ?? '',
      s.state,
      duration.short(s.age_seconds),
      duration.short(s.idle_seconds),
      s.cpu_percent === null ? adminText.notReported : `${s.cpu_percent.toFixed(0)} %`,
      s.memory_bytes === null ? adminText.notReported : bytes(s.memory_bytes),
    ];
    values.forEach((value, i) => setText(cells[i]!, value));
    cells[2]!.title = s.notebook?.file ?? '';
    row.dataset.state = s.state;
  }

  private newRow(id: string): HTMLTableRowElement {
    const row = el('tr', '', { 'data-session': id });
    for (let i = 0; i < 8; i++) row.append(el('td'));
    const actions = el('td', '', { class: 'actions' });
    const stop = el('button', adminText.stop, {
      type: 'button',
      'aria-label': adminText.stopLabel(id.slice(0, 8)),
    });
    const question = el('span', '', { class: 'confirm-stop', hidden: '' });
    const yes = el('button', adminText.confirmStopYes, { type: 'button', class: 'danger' });
    const no = el('button', adminText.cancel, { type: 'button' });
    question.append(el('span', adminText.confirmStop), ' ', yes, ' ', no);
    stop.addEventListener('click', () => {
      show(stop, false);
      show(question);
      no.focus();
    });
    no.addEventListener('click', () => {
      show(question, false);
      show(stop);
      stop.focus();
    });
    yes.addEventListener('click', () => {
      yes.disabled = true;
      void this.stop(id).finally(() => (yes.disabled = false));
    });
    actions.append(stop, question);
    row.append(actions);
    return row;
  }
}
