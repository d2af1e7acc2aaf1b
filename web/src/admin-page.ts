/**
 * The admin dashboard (`{base}admin` when signed in): capacity and live sessions polled
 * every few seconds, the settings form, the history chart, sign-out. All requests go to
 * the admin API with the admin cookie and, for changes, the CSRF token from `data-csrf`.
 */
import { AdminApi } from './admin/admin-api.js';
import { drawHistory } from './admin/history-chart.js';
import type { History } from './admin/history-types.js';
import { SessionsTable, type AdminSession } from './admin/sessions-table.js';
import { SettingsForm } from './admin/settings-form.js';
import { byId, setText } from './common/dom.js';
import { adminText } from './text/admin.js';

const root = byId('admin');
const base = root.dataset.base ?? '/';
const status = byId('admin-status');
let signedOut = false;
const api = new AdminApi(base, root.dataset.csrf ?? '', () => {
  signedOut = true;
  setText(status, adminText.signedOut);
});

const table = new SessionsTable(async (id) => {
  const result = await api.send('DELETE', `api/admin/sessions/${id}`);
  setText(
    status,
    result.ok ? adminText.stopped(id.slice(0, 8)) : adminText.stopFailed(result.problem.message),
  );
  await refreshSessions();
});

async function refreshSessions(): Promise<void> {
  const result = await api.get<{
    sessions: AdminSession[];
    capacity: { max_sessions: number; running: number; queued: number };
  }>('api/admin/sessions');
  if (!result.ok) {
    if (result.problem.status === 0) setText(status, adminText.unreachable);
    return;
  }
  if (status.textContent === adminText.unreachable) setText(status, '');
  const { capacity, sessions } = result.value;
  setText(
    byId('capacity'),
    adminText.capacity(capacity.running, capacity.max_sessions, capacity.queued),
  );
  table.render(sessions);
}

const hours = byId<HTMLSelectElement>('history-hours');
async function refreshHistory(): Promise<void> {
  const result = await api.get<History>(`api/admin/history?hours=${hours.value}`);
  if (!result.ok) return;
  drawHistory(byId('chart'), result.value);
  const t = result.value.totals;
  const ends = Object.values(t.ends).reduce((a, c) => a + c, 0);
  setText(
    byId('history-summary'),
    adminText.summary(t.launches, ends, t.launch_latency.mean_seconds),
  );
}
hours.addEventListener('change', () => void refreshHistory());

byId('logout').addEventListener('click', async () => {
  await api.send('POST', 'admin/logout');
  location.assign(`${base}admin`);
});

function every(ms: number, task: () => Promise<void>): void {
  const run = () => {
    if (!signedOut) void task().finally(() => window.setTimeout(run, ms));
  };
  run();
}

every(3000, refreshSessions);
every(60_000, refreshHistory);
void new SettingsForm(api).load();
