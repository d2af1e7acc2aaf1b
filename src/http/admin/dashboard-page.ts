/**
 * The admin dashboard's markup: capacity, live sessions, the settings form (one field per
 * runtime setting, each with its own error slot: setting-field-markup.ts) and the chart. web/src/admin-page.ts
 * fills and drives it through the admin API, sending the login's CSRF token (from
 * `data-csrf`) with every change.
 */
import type { FastifyReply } from 'fastify';
import type { HubContext } from '../hub-context.js';
import { escapeHtml } from '../html.js';
import { sendPage } from '../pages/layout.js';
import { textFor } from '../pages/page-language.js';
import type { AdminLogin } from './admin-logins.js';
import { settingFieldMarkup } from './setting-field-markup.js';

const hourChoices = [1, 6, 24, 48];

export function sendDashboard(
  ctx: HubContext,
  reply: FastifyReply,
  login: AdminLogin,
): FastifyReply {
  const t = textFor(reply.request).admin;
  const base = ctx.config.basePath;
  const configured = ctx.settings.configured() as unknown as Record<string, unknown>;
  const fields = t.settingFields
    .map(([name, label, hint]) => settingFieldMarkup(name, label, hint, configured[name], t))
    .join('\n');
  const headers = t.sessionsColumns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
  const hours = hourChoices
    .map(
      (h) => `<option value="${h}"${h === 6 ? ' selected' : ''}>${escapeHtml(t.hours(h))}</option>`,
    )
    .join('');
  return sendPage(ctx, reply, {
    title: t.title,
    frameAncestors: 'none',
    script: 'admin-page.js',
    stylesheet: 'admin.css',
    bodyClass: 'admin-page',
    body: `<div id="admin" class="admin" data-base="${escapeHtml(base)}" data-csrf="${escapeHtml(login.csrfToken)}">
<header class="admin-head"><h1>${escapeHtml(t.title)}</h1>
<button id="logout" type="button">${escapeHtml(t.logout)}</button></header>
<p id="admin-status" class="admin-status" role="alert"></p>
<main class="admin-main">
<section class="card wide" aria-labelledby="capacity-heading"><h2 id="capacity-heading">${escapeHtml(t.capacityHeading)}</h2>
<p id="capacity" class="big-number"></p></section>
<section class="card wide" aria-labelledby="sessions-heading"><h2 id="sessions-heading">${escapeHtml(t.sessionsHeading)}</h2>
<div class="table-wrap"><table id="sessions" class="sessions"><thead><tr>${headers}</tr></thead><tbody></tbody></table></div>
<p id="sessions-empty">${escapeHtml(t.noSessions)}</p></section>
<section class="card" aria-labelledby="settings-heading"><h2 id="settings-heading">${escapeHtml(t.settingsHeading)}</h2>
<p class="hint">${escapeHtml(t.settingsIntro)}</p>
<form id="settings" novalidate>${fields}
<button class="primary" type="submit">${escapeHtml(t.save)}</button>
<p id="settings-status" role="status" aria-live="polite"></p></form></section>
<section class="card" aria-labelledby="history-heading"><h2 id="history-heading">${escapeHtml(t.historyHeading)}</h2>
<label for="history-hours">${escapeHtml(t.hoursLabel)}</label> <select id="history-hours">${hours}</select>
<div id="chart" class="chart"></div><p id="history-summary" class="hint"></p></section>
</main></div>`,
  });
}
