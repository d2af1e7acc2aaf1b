/**
 * The launcher for a CKAN dataset's starter notebook:
 * `run/ckan-dataset/<id or name>?ticket=…&portal=…&run=1`, the same contract as the
 * resource launcher (ckan-run-page.ts), with the plugin's explore route in place of its
 * launch route:
 *
 * - `portal`: used only when its origin may frame the hub; then the heading links back to
 *   the dataset page, and a logged-in user's launch asks the portal for a fresh ticket at
 *   click time (`<portal>jupyternotebook/explore/<ref>?run=1`, which redirects back here).
 * - `ticket`: with a usable `portal` and no `run=1`, spent when the page is rendered: the
 *   heading and the static preview of a private dataset are shown to that user (the
 *   preview frame gets a preview grant for `dataset:<ref>`). Without `portal` (an older
 *   plugin) or with `run=1` it is kept for the launch.
 * When the visitor already has a session for this dataset, the page follows it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HubError } from '../../errors/hub-error.js';
import type { HubContext } from '../hub-context.js';
import {
  launcherQuery,
  previewGrant,
  resourceIdPattern,
  runningSession,
  type CkanRunQuery,
} from './ckan-run-page.js';
import { sendRunErrorPage } from './error-page.js';
import { headingNames, vouchedUser } from './launcher-ticket.js';
import { pageLanguage, textFor } from './page-language.js';
import { sendRunPage } from './run-page.js';

/** What a preview grant names for a dataset (never a resource id: grants do not cross). */
export const datasetGrantSubject = (ref: string): string => `dataset:${ref}`;

export async function serveCkanDatasetRunPage(
  ctx: HubContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const { ref } = request.params as { ref: string };
  const query = request.query as CkanRunQuery;
  if (!ctx.settings.get().explore_datasets)
    return sendRunErrorPage(ctx, reply, new HubError('explore_disabled'));
  if (!resourceIdPattern.test(ref))
    return sendRunErrorPage(ctx, reply, new HubError('notebook_not_found'));
  const { ticket, portal, spendNow } = launcherQuery(ctx, query);
  const user = spendNow ? vouchedUser(ctx.ckanDataset, ctx.log, ticket, { dataset: ref }) : null;
  const summary = await headingNames(ctx.ckanDataset, ref, user);
  // The starter notebook is generated in the page's language.
  const launch: Record<string, string> = { dataset_id: ref, lang: pageLanguage(request) };
  if (ticket !== undefined && !spendNow) launch.ticket = ticket;
  const grant =
    user !== null && summary !== null ? previewGrant(ctx, datasetGrantSubject(ref), user) : null;
  const id = encodeURIComponent(ref);
  const key = summary ? `ckan-dataset:${summary.id}` : `ckan-dataset:${ref}`;
  return sendRunPage(ctx, reply, {
    title: summary?.title ?? textFor(request).run.ckanDatasetTitle,
    subtitle: summary?.name ?? ref,
    subtitleHref:
      summary && portal
        ? `${portal}${encodeURIComponent(summary.type)}/${encodeURIComponent(summary.name)}`
        : undefined,
    launch,
    key,
    previewPath: `preview/ckan-dataset/${id}${grant ? `?grant=${encodeURIComponent(grant)}` : ''}`,
    // A logged-in user's page (it came with a ticket) renews the ticket at each launch.
    renewUrl: portal && ticket !== undefined ? `${portal}jupyternotebook/explore/${id}` : undefined,
    sessionId: runningSession(ctx, request, key),
  });
}
