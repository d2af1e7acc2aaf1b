/**
 * The visitor's page as one small state machine over its panels: intro (preview, capacity,
 * "Run this notebook") → progress (queue, stages) → session (bar + notebook frame) →
 * ended; or problem when the hub refuses the launch. Session changes arrive over
 * server-sent events (see stream.ts); the page never reloads itself.
 */
import { byId, focus, setText, show } from '../common/dom.js';
import { jsonBody, requestJson, type HubProblem } from '../common/http.js';
import { IntroView } from './intro-view.js';
import { ProblemView, renderEnded } from './message-views.js';
import { ProgressView } from './progress-view.js';
import { resume } from './resume.js';
import { SessionBar } from './session-bar.js';
import { FrameGuard } from './frame-guard.js';
import { followSession, type Follower } from './stream.js';
import { sessionText } from '../text/session.js';
import { isOver, type PageConfig, type SessionView } from './types.js';

export type Panel = 'intro' | 'progress' | 'session' | 'ended' | 'problem';
const panels: Panel[] = ['intro', 'progress', 'session', 'ended', 'problem'];
const focusTargets: Partial<Record<Panel, string>> = {
  progress: 'progress-heading',
  ended: 'ended-heading',
  problem: 'problem-heading',
};

export class SessionController {
  readonly intro: IntroView;
  readonly progress = new ProgressView();
  readonly problem = new ProblemView();
  readonly bar: SessionBar;
  readonly frame = byId<HTMLIFrameElement>('notebook-frame');
  /** Sets the frame's URL, and reloads a page that lost its scripts on the way in. */
  private readonly frameGuard = new FrameGuard(this.frame);
  /** The latest view of the session this page follows. */
  current: SessionView | null = null;
  private panel: Panel | null = null;
  private follower: Follower | null = null;
  private frameUrl: string | null = null;
  private launchBody: Record<string, string>;

  constructor(readonly page: PageConfig) {
    this.launchBody = { ...page.launch };
    // A launch with a CKAN ticket is a logged-in user's; guests have their own share.
    this.intro = new IntroView(page.base, !page.launch.ticket);
    this.bar = new SessionBar(() => {
      this.follower?.refresh();
      this.follower?.setPollInterval(2000);
    });
  }

  /**
   * Re-attach to the visitor's running session for the notebook (the one the hub named,
   * or this tab's), else launch at once when asked to, else show the intro.
   */
  async start(): Promise<void> {
    for (const id of [this.page.sessionId, resume.get(this.page.key)]) {
      if (!id) continue;
      const result = await requestJson<SessionView>(`${this.page.base}api/sessions/${id}`);
      if (result.ok && !isOver(result.value)) return this.follow(result.value);
      resume.clear(this.page.key);
    }
    if (this.page.autorun) return this.launch();
    this.showIntro();
  }

  showIntro(): void {
    this.showPanel('intro');
    this.intro.start();
  }

  /**
   * Asks the hub for a session. A launch ticket is single-use: once sent it is dropped,
   * and a page of a logged-in user without an unspent ticket first fetches a fresh one
   * from the portal (which redirects back here, launching at once).
   */
  async launch(): Promise<void> {
    this.intro.stop();
    this.progress.reset();
    this.showPanel('progress');
    const { ticket, ...withoutTicket } = this.launchBody;
    if (ticket === undefined && this.page.renew) {
      window.location.assign(renewUrl(this.page.renew));
      return;
    }
    this.launchBody = withoutTicket;
    const result = await requestJson<SessionView>(
      `${this.page.base}api/sessions`,
      jsonBody('POST', ticket === undefined ? withoutTicket : { ...withoutTicket, ticket }),
    );
    if (!result.ok) return this.fail(result.problem);
    this.follow(result.value);
  }

  /** Ends the followed session (the visitor's own request); resolves to its last view. */
  async end(): Promise<SessionView | null> {
    const id = this.current?.id;
    if (!id) return null;
    this.follower?.stop();
    resume.clear(this.page.key);
    const result = await requestJson<SessionView>(`${this.page.base}api/sessions/${id}`, {
      method: 'DELETE',
    });
    return result.ok ? result.value : null;
  }

  follow(view: SessionView): void {
    resume.set(this.page.key, view.id);
    this.follower?.stop();
    this.follower = followSession(
      this.page.base,
      view.id,
      (v) => this.onView(v),
      (server, local) => this.bar.setServerTime(server, local),
      () => this.lost(),
    );
    this.onView(view);
  }

  onView(view: SessionView): void {
    this.current = view;
    if (view.notebook) this.setTitle(view.notebook.title);
    if (view.state === 'queued' || view.state === 'starting') {
      this.progress.update(view);
      this.showPanel('progress');
    } else if (view.state === 'ready' && view.url) {
      this.progress.update(view);
      if (this.frameUrl !== view.url) {
        this.frameUrl = view.url;
        this.frameGuard.open(view.url);
      }
      this.bar.show(view);
      this.showPanel('session');
      this.follower?.setPollInterval(15_000);
    } else if (isOver(view)) {
      this.closeFrame();
      renderEnded(view);
      resume.clear(this.page.key);
      this.showPanel('ended');
    }
  }

  fail(problem: HubProblem): void {
    this.follower?.stop();
    this.problem.render(problem, () => void this.launch());
    this.showPanel('problem');
  }

  private lost(): void {
    this.closeFrame();
    resume.clear(this.page.key);
    const message = sessionText.lostMessage;
    this.fail({ status: 404, code: 'session_lost', message, retryAfterSeconds: null, fields: {} });
  }

  closeFrame(): void {
    this.bar.stop();
    if (this.frameUrl !== null) this.frameGuard.close();
    this.frameUrl = null;
  }

  private setTitle(title: string): void {
    const heading = byId('title');
    if (heading.textContent === title) return;
    setText(heading, title);
    document.title = title;
    this.frame.title = sessionText.notebookFrame(title);
  }

  private showPanel(panel: Panel): void {
    if (this.panel === panel) return;
    this.panel = panel;
    for (const name of panels) show(byId(name), name === panel);
    byId('run').dataset.panel = panel;
    const target = focusTargets[panel];
    if (target) focus(byId(target));
  }
}

/** The portal's launch route, asked to come back and launch at once. */
export function renewUrl(renew: string): string {
  return `${renew}${renew.includes('?') ? '&' : '?'}run=1`;
}
