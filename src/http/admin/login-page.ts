/** The admin sign-in form: the admin token, POSTed to `{base}admin/login`. No script needed. */
import type { FastifyReply } from 'fastify';
import type { HubContext } from '../hub-context.js';
import { escapeHtml } from '../html.js';
import { sendPage } from '../pages/layout.js';
import { textFor } from '../pages/page-language.js';

export function sendLoginPage(
  ctx: HubContext,
  reply: FastifyReply,
  failed: { status: number; message: string } | null = null,
): FastifyReply {
  const t = textFor(reply.request).admin;
  const base = ctx.config.basePath;
  const error = failed
    ? `<p id="login-error" class="field-error" role="alert">${escapeHtml(failed.message)}</p>`
    : '';
  const described = failed ? ' aria-describedby="login-error" aria-invalid="true"' : '';
  return sendPage(ctx, reply, {
    title: `${t.loginHeading} · ${t.title}`,
    status: failed?.status ?? 200,
    frameAncestors: 'none',
    bodyClass: 'plain-page',
    body: `<main class="page login">
<h1>${escapeHtml(t.title)}</h1>
<form class="login-form" method="post" action="${escapeHtml(base)}admin/login">
  <h2>${escapeHtml(t.loginHeading)}</h2>
  <p>${escapeHtml(t.loginIntro)}</p>
  <div class="field">
    <label for="token">${escapeHtml(t.tokenLabel)}</label>
    <input id="token" name="token" type="password" autocomplete="current-password" required autofocus${described}>
    ${error}
  </div>
  <button class="primary" type="submit">${escapeHtml(t.loginButton)}</button>
</form>
</main>`,
  });
}
