/**
 * The visitor's pages: the notebook list, and the launcher / session page for a notebook
 * of the directory source (`run/notebooks/<path>`), a CKAN resource
 * (`run/ckan/<resource id>?ticket=…`) or a CKAN dataset's starter notebook
 * (`run/ckan-dataset/<id or name>?ticket=…&portal=…`). Pages are server-rendered HTML whose behaviour
 * comes from the bundled browser code in web/ (served from `static/`), under a strict CSP
 * with no inline script or style.
 */
import type { FastifyInstance } from 'fastify';
import { toHubError } from '../errors/hub-error.js';
import type { HubContext } from './hub-context.js';
import { escapeHtml } from './html.js';
import { serveCkanDatasetRunPage } from './pages/ckan-dataset-run-page.js';
import { serveCkanRunPage } from './pages/ckan-run-page.js';
import { sendRunErrorPage } from './pages/error-page.js';
import { encodePath, sendPage } from './pages/layout.js';
import { sendRunPage } from './pages/run-page.js';
import { registerStaticFiles } from './pages/static-files.js';
import { textFor } from './pages/page-language.js';

export function registerPages(app: FastifyInstance, ctx: HubContext): void {
  const base = ctx.config.basePath;

  app.get('/', async (request, reply) => {
    const pageText = textFor(request);
    const notebooks = await ctx.directory.list();
    const items = notebooks
      .map(
        (n) =>
          `<li><a href="${base}run/notebooks/${escapeHtml(encodePath(n.path))}">${escapeHtml(n.title)}</a> <small>${escapeHtml(n.path)}</small></li>`,
      )
      .join('\n');
    const list = items
      ? `<ul class="notebooks">${items}</ul>`
      : `<p>${escapeHtml(pageText.index.empty)}</p>`;
    return sendPage(ctx, reply, {
      title: pageText.index.title,
      bodyClass: 'plain-page',
      body: `<main class="page"><h1>${escapeHtml(pageText.index.title)}</h1><p>${escapeHtml(pageText.index.intro)}</p>${list}</main>`,
    });
  });

  app.get('/run/notebooks/*', async (request, reply) => {
    const path = (request.params as { '*': string })['*'];
    try {
      const resolved = await ctx.directory.resolve({ notebook: path });
      return sendRunPage(ctx, reply, {
        title: resolved.title,
        subtitle: path,
        launch: { notebook: path },
        key: `notebooks:${path}`,
        previewPath: `preview/notebooks/${encodePath(path)}`,
      });
    } catch (error) {
      return sendRunErrorPage(ctx, reply, toHubError(error));
    }
  });

  app.get('/run/ckan/:resourceId', (request, reply) => serveCkanRunPage(ctx, request, reply));

  app.get('/run/ckan-dataset/:ref', (request, reply) =>
    serveCkanDatasetRunPage(ctx, request, reply),
  );

  registerStaticFiles(app);
}
