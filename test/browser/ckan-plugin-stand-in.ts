/**
 * What the CKAN plugin adds to a portal, on the fake CKAN's origin, for browser tests:
 *   GET /view/<id>                       the resource view: the hub's launcher in a frame,
 *                                         its src built as notebook_view.build_view does
 *                                         (a ticket for a logged-in reader, portal, lang)
 *   GET /jupyternotebook/launch/<id>     the launch route: 303 to the launcher with a ticket
 *                                         signed now (and `run=1` when asked)
 * "Logged in" is a `portal_user` cookie on the portal's origin; `members` may read the
 * private dataset. Tickets live `ticketLifetimeSeconds` (the plugin's ticket_lifetime).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { signLaunchTicket } from '../../src/identity/launch-ticket.js';
import type { FakeCkan } from '../fakes/ckan-server.js';

export interface PluginStandInOptions {
  readonly hubUrl: string;
  readonly secret: string;
  readonly ticketLifetimeSeconds: number;
  readonly members: readonly string[];
  readonly lang?: string;
}

export function installPluginStandIn(ckan: FakeCkan, options: PluginStandInOptions): void {
  const privateIds = new Set([ckan.ids.privateNotebook]);
  const portal = `${ckan.origin}/`;
  const userOf = (req: IncomingMessage) =>
    /(?:^|;\s*)portal_user=([a-z]+)/.exec(req.headers.cookie ?? '')?.[1] ?? null;
  const mayRead = (user: string | null, id: string) =>
    !privateIds.has(id) || (user !== null && options.members.includes(user));
  const ticketFor = (user: string, id: string) =>
    signLaunchTicket(
      {
        exp: Math.floor(Date.now() / 1000) + options.ticketLifetimeSeconds,
        nonce: randomBytes(16).toString('base64url'),
        resource_id: id,
        user,
      },
      options.secret,
    );
  const runUrl = (id: string, user: string | null, run: boolean) => {
    const query = new URLSearchParams();
    if (user && mayRead(user, id)) query.set('ticket', ticketFor(user, id));
    query.set('portal', portal);
    query.set('lang', options.lang ?? 'en');
    if (run) query.set('run', '1');
    return `${options.hubUrl}run/ckan/${id}?${query.toString()}`;
  };
  for (const id of [ckan.ids.privateNotebook, ckan.ids.uploadNotebook]) {
    ckan.route(`/view/${id}`, (req, res) => {
      const src = runUrl(id, userOf(req), false).replace(/&/g, '&amp;');
      html(
        res,
        `<h1>Dataset page</h1><iframe id="resource-view" title="Notebook" src="${src}" ` +
          'sandbox="allow-scripts allow-same-origin allow-forms allow-downloads allow-popups" ' +
          'style="width:100%;height:820px;border:0"></iframe>' +
          `<a id="open" href="/jupyternotebook/launch/${id}" target="_blank">Open in a new tab</a>`,
      );
    });
    ckan.route(`/jupyternotebook/launch/${id}`, (req, res) => {
      const run = new URL(req.url ?? '/', portal).searchParams.get('run') === '1';
      res.writeHead(303, { location: runUrl(id, userOf(req), run), 'cache-control': 'no-store' });
      res.end();
    });
  }
}

function html(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Portal</title></head><body>${body}</body></html>`,
  );
}

/** The `exp` of the ticket in a launcher URL (seconds), or null without one. */
export function ticketExp(url: string): number | null {
  const ticket = new URL(url).searchParams.get('ticket');
  if (!ticket) return null;
  const payload = JSON.parse(Buffer.from(ticket.split('.')[1]!, 'base64url').toString()) as {
    exp: number;
  };
  return payload.exp;
}
