/**
 * The launcher for a CKAN resource: `run/ckan/<resource id>?ticket=…&portal=…&run=1`.
 *
 * - `portal`: the CKAN site's base URL as browsers see it (the plugin passes it). It is
 *   used only when its origin is one the hub lets frame it; then the heading links back
 *   to the dataset, and a logged-in user's launch asks the portal for a fresh ticket at
 *   click time (`<portal>jupyternotebook/launch/<id>?run=1`, which redirects back here).
 * - `ticket`: with a usable `portal`, the ticket is spent when the page is rendered: it
 *   tells the hub which user the page is for, so the heading and the static preview of a
 *   private notebook can be shown to that user (the preview frame gets a preview grant).
 *   Without `portal` (an older plugin) it is kept for the launch.
 * - `run=1`: the page launches at once (the portal's redirect after a click on Run; the
 *   browser code reads it); the ticket is kept for that launch.
 * When the visitor already has a session for this notebook, the page follows it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HubError } from '../../errors/hub-error.js';
import { previewGrantsFor } from '../../identity/preview-grant.js';
import type { HubContext } from '../hub-context.js';
import { visitorId } from '../visitor-request.js';
import { sendRunErrorPage } from './error-page.js';
import { headingNames, vouchedUser } from './launcher-ticket.js';
import { sendRunPage } from './run-page.js';
import { textFor } from './page-language.js';

/** A CKAN resource id, or a dataset's id or name (CKAN names are lowercase `a-z0-9_-`). */
export const resourceIdPattern = /^[A-Za-z0-9_-]{1,100}$/;

/** Both CKAN launchers' query (see the list above). */
export interface CkanRunQuery {
  readonly ticket?: unknown;
  readonly portal?: unknown;
  readonly run?: unknown;
}

export type LauncherQuery =
  | { readonly ticket: string; readonly portal: string; readonly spendNow: true }
  | {
      readonly ticket: string | undefined;
      readonly portal: string | null;
      readonly spendNow: false;
    };

/**
 * A launcher's query read: the ticket (when 1–2000 characters), the portal's base (when
 * usable, see `portalBase`), and whether the ticket is spent now, while the page is
 * rendered (a usable portal and no `run=1`) rather than kept for the launch.
 */
export function launcherQuery(ctx: HubContext, query: CkanRunQuery): LauncherQuery {
  const ticket =
    typeof query.ticket === 'string' && query.ticket.length > 0 && query.ticket.length <= 2000
      ? query.ticket
      : undefined;
  const portal = portalBase(ctx, query.portal);
  if (ticket !== undefined && portal !== null && query.run !== '1')
    return { ticket, portal, spendNow: true };
  return { ticket, portal, spendNow: false };
}

/** A preview grant of `subject` for `user`, issued now (the preview frame's `?grant=`). */
export function previewGrant(ctx: HubContext, subject: string, user: string): string {
  return previewGrantsFor(ctx.secrets.cookieKey).issue(
    subject,
    user,
    Math.floor(ctx.clock.wallMs() / 1000),
  );
}

export async function serveCkanRunPage(
  ctx: HubContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const { resourceId } = request.params as { resourceId: string };
  const query = request.query as CkanRunQuery;
  if (!resourceIdPattern.test(resourceId))
    return sendRunErrorPage(ctx, reply, new HubError('notebook_not_found'));
  const { ticket, portal, spendNow } = launcherQuery(ctx, query);
  const user = spendNow ? vouchedUser(ctx.ckan, ctx.log, ticket, { resource: resourceId }) : null;
  const summary = await headingNames(ctx.ckan, resourceId, user);
  const launch: Record<string, string> = { resource_id: resourceId };
  if (ticket !== undefined && !spendNow) launch.ticket = ticket;
  const grant = user !== null && summary !== null ? previewGrant(ctx, resourceId, user) : null;
  const id = encodeURIComponent(resourceId);
  return sendRunPage(ctx, reply, {
    title: summary?.title ?? textFor(request).run.ckanTitle,
    subtitle: summary?.datasetTitle ?? '',
    subtitleHref:
      summary && portal
        ? `${portal}${encodeURIComponent(summary.datasetType)}/${encodeURIComponent(summary.datasetName)}`
        : undefined,
    launch,
    key: `ckan:${resourceId}`,
    previewPath: `preview/ckan/${id}${grant ? `?grant=${encodeURIComponent(grant)}` : ''}`,
    // A logged-in user's page (it came with a ticket) renews the ticket at each launch.
    renewUrl: portal && ticket !== undefined ? `${portal}jupyternotebook/launch/${id}` : undefined,
    sessionId: runningSession(ctx, request, `ckan:${resourceId}`),
  });
}

/** The portal's base URL when its origin may frame the hub (so it is the configured CKAN). */
export function portalBase(ctx: HubContext, raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 500) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || url.search || url.hash || raw.includes('#')) return null;
  if (!ctx.origins.frameAncestors.includes(url.origin)) return null;
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return `${url.origin}${path}`;
}

/** The visitor's live session when its latest notebook is `key` (the page follows it). */
export function runningSession(
  ctx: HubContext,
  request: FastifyRequest,
  key: string,
): string | undefined {
  const visitor = visitorId(ctx, request);
  const live = visitor ? ctx.manager.live.ofVisitor(visitor) : undefined;
  if (!live || live.record.state === 'stopping' || live.record.state === 'ended') return undefined;
  return live.record.notebooks.at(-1)?.key === key ? live.record.id : undefined;
}
