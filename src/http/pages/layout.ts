/**
 * The shell of every hub page: a strict CSP (no inline script or style: behaviour comes
 * from the bundled scripts in web/, data from `data-*` attributes), the hub's stylesheet,
 * and no caching. Each page names its one script.
 */
import type { FastifyReply } from 'fastify';
import type { HubContext } from '../hub-context.js';
import { escapeHtml } from '../html.js';
import { pageCsp } from '../security-headers.js';
import { textFor } from './page-language.js';

export interface PageOptions {
  readonly title: string;
  /** Already-escaped HTML of the body. */
  readonly body: string;
  /** File name of a bundle in web/dist, e.g. `session-page.js`. */
  readonly script?: string;
  /** File name of a page stylesheet in web/dist, linked after hub.css. */
  readonly stylesheet?: string;
  readonly bodyClass?: string;
  readonly status?: number;
  /** Who may frame this page; admin pages allow nobody. Default: the hub's frame ancestors. */
  readonly frameAncestors?: 'configured' | 'none';
}

export function sendPage(ctx: HubContext, reply: FastifyReply, options: PageOptions): FastifyReply {
  const base = ctx.config.basePath;
  let csp = pageCsp(ctx.origins);
  if (options.frameAncestors === 'none')
    csp = csp.replace(/frame-ancestors [^;]+/, "frame-ancestors 'none'");
  const script = options.script
    ? `<script type="module" src="${base}static/${escapeHtml(options.script)}"></script>`
    : '';
  const stylesheet = options.stylesheet
    ? `<link rel="stylesheet" href="${base}static/${escapeHtml(options.stylesheet)}">`
    : '';
  const bodyClass = options.bodyClass ? ` class="${escapeHtml(options.bodyClass)}"` : '';
  return reply
    .code(options.status ?? 200)
    .type('text/html; charset=utf-8')
    .header('Content-Security-Policy', csp)
    .header('Cache-Control', 'no-store')
    .header('Vary', 'Accept-Language').send(`<!doctype html>
<html lang="${textFor(reply.request).lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<link rel="stylesheet" href="${base}static/hub.css">${stylesheet}${script}</head>
<body${bodyClass}>${options.body}</body></html>`);
}

/** `a/b c.ipynb` → `a/b%20c.ipynb`: each segment encoded, slashes kept. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
