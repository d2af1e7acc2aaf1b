/**
 * The visitor's page for one notebook: before the launch, the static preview with a
 * "Run this notebook" button and the free capacity; then the live progress, the notebook
 * in a frame under a slim bar, and the ended and error states. Every state is in the
 * markup (hidden until web/src/session-page.ts shows it); the launch body and the base
 * path reach the script through `data-*` attributes.
 */
import type { FastifyReply } from 'fastify';
import { previewFrame } from '../../preview/index.js';
import type { HubContext } from '../hub-context.js';
import { escapeHtml } from '../html.js';
import { sendPage } from './layout.js';
import { pageLanguage, textFor } from './page-language.js';

export interface RunPage {
  readonly title: string;
  /** Shown under the title, e.g. the notebook's path or the dataset's title. */
  readonly subtitle: string;
  /** Makes the subtitle a link (e.g. back to the dataset on the portal). */
  readonly subtitleHref?: string;
  /** The body the page POSTs to `/api/sessions`. */
  readonly launch: Readonly<Record<string, string>>;
  /** Stable per notebook, to find the visitor's session again after a reload. */
  readonly key: string;
  /** Path of the static preview, relative to the base path. */
  readonly previewPath: string;
  /**
   * Where a launch gets a fresh launch ticket: the page navigates there (it redirects
   * back with `ticket` and `run=1`) instead of posting a ticket it may have spent.
   */
  readonly renewUrl?: string;
  /** The visitor's session for this notebook, which the page follows instead of the intro. */
  readonly sessionId?: string;
}

function optional(name: string, value: string | undefined): string {
  return value === undefined ? '' : ` data-${name}="${escapeHtml(value)}"`;
}

export function sendRunPage(ctx: HubContext, reply: FastifyReply, page: RunPage): FastifyReply {
  const t = textFor(reply.request).run;
  const lang = pageLanguage(reply.request);
  const base = ctx.config.basePath;
  const attr = (value: string) => escapeHtml(value);
  const stages = Object.entries(t.stages)
    .map(([stage, label]) => `<li data-stage="${stage}"><span>${escapeHtml(label)}</span></li>`)
    .join('');
  const body = `<div id="run" class="run" data-base="${attr(base)}" data-launch="${attr(JSON.stringify(page.launch))}" data-key="${attr(page.key)}" data-cookie-samesite="${attr(ctx.config.cookieSameSite)}"${optional('renew', page.renewUrl)}${optional('session', page.sessionId)}>
<header class="run-head">
  <h1 id="title">${escapeHtml(page.title)}</h1>
  <p class="subtitle">${page.subtitleHref ? `<a href="${attr(page.subtitleHref)}" target="_blank" rel="noopener">${escapeHtml(page.subtitle)}</a>` : escapeHtml(page.subtitle)}</p>
</header>
<section id="intro" class="panel intro" aria-labelledby="title">
  <div class="intro-bar">
    <p class="intro-text">${escapeHtml(t.intro)}</p>
    <div class="intro-actions">
      <button id="run-button" class="primary" type="button">${escapeHtml(t.runButton)}</button>
      <p id="capacity" class="capacity" aria-live="polite">${escapeHtml(t.capacityLoading)}</p>
    </div>
    <p id="intro-notice" class="notice" role="status" hidden></p>
  </div>
  <div class="frame-wrap">${previewFrame(withLang(`${base}${page.previewPath}`, lang), t.previewLabel(page.title))}</div>
</section>
<section id="progress" class="panel progress" aria-labelledby="progress-heading" hidden>
  <h2 id="progress-heading" tabindex="-1">${escapeHtml(t.progressHeading)}</h2>
  <ol id="stages" class="stages">${stages}</ol>
  <ul id="files" class="files" aria-label="${attr(t.filesLabel)}" hidden></ul>
  <p id="progress-status" class="status" role="status" aria-live="polite"></p>
  <button id="leave-queue" class="secondary" type="button" hidden>${escapeHtml(t.leaveQueue)}</button>
</section>
<section id="session" class="panel session" aria-label="${attr(t.barLabel)}" hidden>
  <div class="bar">
    <p id="time-left" class="time-left"></p>
    <div class="bar-actions">
      <button id="download" type="button">${escapeHtml(t.download)}</button>
      <button id="restart" type="button">${escapeHtml(t.restart)}</button>
      <button id="end" type="button">${escapeHtml(t.end)}</button>
      <a id="new-tab" href="${attr(base)}" target="_blank" rel="noopener">${escapeHtml(t.newTab)}<span class="visually-hidden"> ${escapeHtml(t.newTabHint)}</span></a>
    </div>
  </div>
  <div id="confirm" class="confirm" role="group" aria-labelledby="confirm-text" hidden>
    <p id="confirm-text"></p>
    <button id="confirm-yes" class="danger" type="button"></button>
    <button id="confirm-no" type="button">${escapeHtml(t.confirmNo)}</button>
  </div>
  <div id="warning" class="warning" role="alert" hidden></div>
  <p id="session-status" class="bar-status" role="status" aria-live="polite"></p>
  <div class="frame-wrap"><iframe id="notebook-frame" class="notebook-frame" title="${attr(t.notebookFrame(page.title))}"></iframe></div>
</section>
<section id="ended" class="panel message" aria-labelledby="ended-heading" hidden>
  <h2 id="ended-heading" tabindex="-1">${escapeHtml(t.endedHeading)}</h2>
  <p id="ended-reason" class="reason"></p>
  <p>${escapeHtml(t.changesGone)}</p>
  <p class="actions"><button id="start-again" class="primary" type="button" data-label="${attr(t.startAgain)}" data-label-failed="${attr(t.retry)}">${escapeHtml(t.startAgain)}</button>
  <a href="${attr(base)}">${escapeHtml(t.allNotebooks)}</a></p>
</section>
<section id="problem" class="panel message" aria-labelledby="problem-heading" hidden>
  <h2 id="problem-heading" tabindex="-1"></h2>
  <p id="problem-what"></p>
  <p id="problem-todo"></p>
  <p class="actions"><button id="problem-retry" class="primary" type="button">${escapeHtml(t.retry)}</button>
  <a href="${attr(base)}">${escapeHtml(t.allNotebooks)}</a></p>
</section>
</div>`;
  return sendPage(ctx, reply, {
    title: page.title,
    body,
    script: 'session-page.js',
    stylesheet: 'run.css',
    bodyClass: 'run-page',
  });
}

/** The preview frame speaks the page's language even when the browser prefers another. */
function withLang(url: string, lang: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}lang=${encodeURIComponent(lang)}`;
}
