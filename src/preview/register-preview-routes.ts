/**
 * Preview routes, relative to the plugin prefix the hub mounts them under:
 *   GET /preview/notebooks/*        a notebook of the directory source, by path
 *   GET /preview/ckan/:resourceId   a CKAN resource's notebook (stable URL per resource)
 *   GET /preview/ckan-dataset/:ref  the starter notebook of a CKAN dataset (id or name)
 *   GET /preview/preview.css        the stylesheet those pages link to
 * Pages carry the strict preview CSP (see `previewHeaders`); failures render a small error
 * page with the HubError's status and visitor-safe message. Notes and the error page are
 * in the page language (`lang` query parameter, then Accept-Language; see pageLanguage).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HubError, toHubError } from '../errors/hub-error.js';
import { pageLanguage } from '../http/pages/page-language.js';
import { validateNotebook } from '../sources/validate.js';
import { previewCss } from './preview-css.js';
import type { PreviewAccess, PreviewDeps, PreviewSourceKind } from './preview-deps.js';
import { previewDocument } from './preview-document.js';
import { previewErrorPage } from './preview-error-page.js';
import { previewHeaders } from './preview-headers.js';
import { previewTextFor } from './preview-text.js';
import { renderNotebook } from './render-notebook.js';
import { previewCssRoute, stylesheetHref } from './stylesheet-href.js';

const maxNotebookPathLength = 1024;
const resourceIdPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
// eslint-disable-next-line no-control-regex -- control characters are what is refused
const unsafeSegment = /[\\\x00-\x1f\x7f]/;

/** Registers the preview routes and the stylesheet route on `app`. */
export function registerPreviewRoutes(app: FastifyInstance, deps: PreviewDeps): void {
  app.get(previewCssRoute, async (_request, reply) => {
    return reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'public, max-age=86400')
      .send(previewCss);
  });

  app.get<{ Params: { '*': string } }>('/preview/notebooks/*', async (request, reply) => {
    const path = request.params['*'];
    const usable = isNotebookPath(path) ? path : undefined;
    return servePreview(deps, request, reply, 'notebooks', usable, '/preview/notebooks/');
  });

  app.get<{ Params: { resourceId: string }; Querystring: Record<string, unknown> }>(
    '/preview/ckan/:resourceId',
    async (request, reply) => {
      const id = request.params.resourceId;
      const { ticket, grant } = request.query;
      const access = { ticket: shortString(ticket), grant: shortString(grant) };
      return servePreview(
        deps,
        request,
        reply,
        'ckan',
        resourceIdPattern.test(id) ? id : undefined,
        '/preview/ckan/',
        access,
      );
    },
  );
  app.get<{ Params: { ref: string }; Querystring: Record<string, unknown> }>(
    '/preview/ckan-dataset/:ref',
    async (request, reply) => {
      const ref = request.params.ref;
      const usable = resourceIdPattern.test(ref) ? ref : undefined;
      const access = { grant: shortString(request.query.grant) };
      return servePreview(
        deps,
        request,
        reply,
        'ckan-dataset',
        usable,
        '/preview/ckan-dataset/',
        access,
      );
    },
  );
}

function shortString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= 2000 ? value : undefined;
}

/** A relative notebook path with no empty, `.` or `..` segment, no backslash, no control character. */
function isNotebookPath(path: string): boolean {
  if (path.length === 0 || path.length > maxNotebookPathLength) return false;
  return path
    .split('/')
    .every((s) => s !== '' && s !== '.' && s !== '..' && !unsafeSegment.test(s));
}

async function servePreview(
  deps: PreviewDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  kind: PreviewSourceKind,
  id: string | undefined,
  marker: string,
  access: PreviewAccess = {},
): Promise<FastifyReply> {
  const cssHref = stylesheetHref(request.url.split('?')[0] ?? '', marker);
  let headers: Record<string, string>;
  try {
    headers = previewHeaders(deps.frameAncestors());
  } catch (error) {
    // A bad frame-ancestors setting must fail closed: nobody may frame the error page.
    reply.headers(previewHeaders(["'none'"]));
    return sendError(request, reply, new HubError('internal', { cause: error }), cssHref);
  }
  reply.headers(headers).header('cache-control', 'no-store').header('vary', 'Accept-Language');
  if (id === undefined) {
    return sendError(
      request,
      reply,
      new HubError(kind === 'notebooks' ? 'notebook_not_found' : 'not_found'),
      cssHref,
    );
  }
  const aborter = new AbortController();
  reply.raw.once('close', () => aborter.abort());
  try {
    const lang = pageLanguage(request);
    const notebook = await deps.load(kind, id, aborter.signal, access, lang);
    const doc = validateNotebook(notebook.content, deps.limits);
    const html = previewDocument(renderNotebook(doc, { ...deps.render, lang }), {
      title: notebook.title,
      lang,
      stylesheetHref: cssHref,
    });
    return reply.code(200).header('content-type', 'text/html; charset=utf-8').send(html);
  } catch (error) {
    return sendError(request, reply, toHubError(error), cssHref);
  }
}

function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: HubError,
  cssHref: string,
): FastifyReply {
  const details = { code: error.code, status: error.status, err: error.cause ?? error };
  if (error.status >= 500) request.log.error(details, 'preview failed');
  else request.log.info({ code: error.code, status: error.status }, 'preview refused');
  if (error.retryAfterSeconds !== undefined) {
    reply.header('retry-after', String(error.retryAfterSeconds));
  }
  return reply
    .code(error.status)
    .header('content-type', 'text/html; charset=utf-8')
    .send(previewErrorPage(error, cssHref, previewTextFor(pageLanguage(request))));
}
