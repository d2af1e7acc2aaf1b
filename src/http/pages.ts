/**
 * The hub's pages: the notebook list and the launcher. Pages are plain server-rendered
 * HTML; their behaviour comes from the bundled browser code in web/ (served from
 * /static/, built by `npm run build`), allowed by a strict CSP with no inline script.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { HubError } from '../errors/hub-error.js';
import type { HubContext } from './hub-context.js';
import { escapeHtml } from './html.js';
import { pageCsp } from './security-headers.js';

const staticDir = resolve(import.meta.dirname, '../../web/dist');
const staticTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export function registerPages(app: FastifyInstance, ctx: HubContext): void {
  const base = ctx.config.basePath;

  app.get('/', async (_request, reply) => {
    const notebooks = await ctx.directory.list();
    const items = notebooks
      .map(
        (n) =>
          `<li><a href="${base}run/notebooks/${escapeHtml(encodePath(n.path))}">${escapeHtml(n.title)}</a> <small>${escapeHtml(n.path)}</small></li>`,
      )
      .join('\n');
    return page(
      ctx,
      reply,
      'Notebooks',
      `<h1>Notebooks</h1><p>Open a notebook to get your own Jupyter server. Nothing you change is kept after the session ends.</p><ul class="notebooks">${items}</ul>`,
    );
  });

  app.get('/run/notebooks/*', async (request, reply) => {
    const path = (request.params as { '*': string })['*'];
    const resolved = await ctx.directory.resolve({ notebook: path });
    return launcherPage(ctx, reply, resolved.title, { notebook: path });
  });

  app.get('/static/:file', async (request, reply) => {
    const { file } = request.params as { file: string };
    const ext = /\.[a-z]+$/.exec(file)?.[0] ?? '';
    if (!/^[\w.-]+$/.test(file) || !staticTypes[ext]) throw new HubError('not_found');
    let body: Buffer;
    try {
      body = await readFile(join(staticDir, file));
    } catch {
      throw new HubError('not_found');
    }
    return reply.type(staticTypes[ext]!).header('Cache-Control', 'public, max-age=300').send(body);
  });
}

export function launcherPage(
  ctx: HubContext,
  reply: FastifyReply,
  title: string,
  launch: Record<string, string>,
): FastifyReply {
  const data = escapeHtml(JSON.stringify(launch));
  return page(
    ctx,
    reply,
    title,
    `<h1>${escapeHtml(title)}</h1>
<div id="launcher" data-launch="${data}" data-base="${escapeHtml(ctx.config.basePath)}">
  <p id="status" role="status" aria-live="polite">Starting your session…</p>
  <ol id="stages"></ol>
</div>`,
  );
}

function page(ctx: HubContext, reply: FastifyReply, title: string, body: string): FastifyReply {
  const base = ctx.config.basePath;
  return reply
    .type('text/html; charset=utf-8')
    .header('Content-Security-Policy', pageCsp(ctx.origins))
    .header('Cache-Control', 'no-store').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="stylesheet" href="${base}static/hub.css"></head>
<body><main>${body}</main><script type="module" src="${base}static/launcher.js"></script></body></html>`);
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
