/**
 * The visitor's launcher / session page (`run/notebooks/<path>`, `run/ckan/<id>`): reads
 * its configuration from the `#run` element's data attributes and wires the buttons to
 * the controller. See session/controller.ts for the flow.
 */
import { byId, setText } from './common/dom.js';
import { confirmInline } from './session/confirm.js';
import { cookiesWork } from './session/cookie-probe.js';
import { renewUrl, SessionController } from './session/controller.js';
import { downloadCopy, saveInFrame } from './session/download.js';
import type { PageConfig } from './session/types.js';
import { sessionText } from './text/session.js';

const root = byId('run');
const query = new URLSearchParams(location.search);
const page: PageConfig = {
  base: root.dataset.base ?? '/',
  launch: JSON.parse(root.dataset.launch ?? '{}') as Record<string, string>,
  key: root.dataset.key ?? location.pathname,
  cookieSameSite: root.dataset.cookieSamesite ?? 'lax',
  renew: root.dataset.renew ?? null,
  autorun: query.get('run') === '1',
  sessionId: root.dataset.session ?? null,
};
// A launch ticket is single-use: keep it out of the history and of later referrers, and
// do not launch again on a reload.
if (query.has('ticket') || query.has('run')) {
  query.delete('ticket');
  query.delete('run');
  const rest = query.toString();
  history.replaceState(history.state, '', location.pathname + (rest ? `?${rest}` : ''));
}
/** Where "Run" goes in a new tab: it launches there by itself, with a fresh ticket if any. */
function newTabLaunchUrl(): string {
  if (page.renew) return renewUrl(page.renew);
  const url = new URL(location.href);
  url.searchParams.set('run', '1');
  return url.href;
}

const controller = new SessionController(page);
const status = byId('session-status');

// In another site's frame the visitor cookie may be refused: then run in a new tab.
const framedWithoutCookies =
  window.top !== window.self && !cookiesWork(page.cookieSameSite, page.base);
if (framedWithoutCookies) {
  const notice = byId('intro-notice');
  setText(notice, sessionText.cookieBlocked);
  notice.hidden = false;
}
byId('run-button').addEventListener('click', () => {
  if (framedWithoutCookies) window.open(newTabLaunchUrl(), '_blank', 'noopener');
  else void controller.launch();
});
byId('start-again').addEventListener('click', () => void controller.launch());

byId('leave-queue').addEventListener('click', async () => {
  await controller.end();
  controller.showIntro();
});

const endButton = byId('end');
endButton.addEventListener('click', async () => {
  if (!(await confirmInline(sessionText.confirmEnd, sessionText.confirmEndYes, endButton))) return;
  const running = controller.current;
  const last = await controller.end();
  if (last) controller.onView(last);
  else if (running) controller.follow(running); // The hub did not answer: keep following.
});

const restartButton = byId('restart');
restartButton.addEventListener('click', async () => {
  const question = sessionText.confirmRestart;
  if (!(await confirmInline(question, sessionText.confirmRestartYes, restartButton))) return;
  controller.closeFrame();
  await controller.end();
  await controller.launch();
});

const downloadButton = byId<HTMLButtonElement>('download');
downloadButton.addEventListener('click', async () => {
  const view = controller.current;
  if (!view?.notebook) return;
  downloadButton.disabled = true;
  try {
    setText(status, sessionText.saving);
    await saveInFrame(controller.frame);
    const name = await downloadCopy(page.base, view.id, view.notebook.file);
    setText(status, sessionText.downloaded(name));
  } catch (error) {
    setText(status, sessionText.downloadFailed((error as Error).message));
  } finally {
    downloadButton.disabled = false;
  }
});

void controller.start();
