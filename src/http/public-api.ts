/**
 * The visitor's API. Sessions are visible only to the visitor whose cookie created
 * them; anyone else gets the same 404 as for a session that does not exist.
 *
 *   POST   /api/sessions              {"notebook": path} | {"resource_id" | "dataset_id", "ticket"?}
 *   GET    /api/sessions/:id
 *   GET    /api/sessions/:id/events   server-sent events (see session-events.ts)
 *   DELETE /api/sessions/:id
 *   GET    /api/capacity
 *   GET    /api/notebooks             the directory source's notebooks
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HubError } from '../errors/hub-error.js';
import type { SessionRecord } from '../sessions/session.js';
import { effectiveGuestCap } from '../settings/runtime-settings.js';
import type { LaunchRequest } from '../sources/source.js';
import { pageLanguage } from './pages/page-language.js';
import type { HubContext } from './hub-context.js';
import { sessionView } from './session-view.js';
import { clientAddress, visitorFor, visitorId } from './visitor-request.js';

const launchBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    notebook: { type: 'string', minLength: 1, maxLength: 300 },
    resource_id: { type: 'string', minLength: 1, maxLength: 100 },
    dataset_id: { type: 'string', minLength: 1, maxLength: 100 },
    ticket: { type: 'string', minLength: 1, maxLength: 2000 },
    lang: { type: 'string', minLength: 1, maxLength: 35 },
  },
} as const;

export function registerPublicApi(app: FastifyInstance, ctx: HubContext): void {
  app.post('/api/sessions', { schema: { body: launchBody } }, async (request, reply) => {
    requireOrigin(ctx, request);
    const sent = (request.body ?? {}) as LaunchRequest;
    // The language of generated text: the launcher's (`lang`), else Accept-Language.
    const body: LaunchRequest = {
      ...sent,
      lang: pageLanguage({ query: { lang: sent.lang }, headers: request.headers }),
    };
    const source = ctx.sources.find((s) => s.accepts(body));
    if (!source)
      throw new HubError('bad_request', {
        message: 'Say which notebook to run: "notebook", "resource_id" or "dataset_id".',
      });
    const retryAfter = ctx.launchLimiter.take(clientAddress(ctx, request));
    if (retryAfter > 0) throw new HubError('rate_limited', { retryAfterSeconds: retryAfter });
    const visitor = visitorFor(ctx, request, reply);
    await ctx.health.ensure();
    if (!ctx.manager.live.ofVisitor(visitor.id)) ctx.manager.admissible(visitor);
    const abort = new AbortController();
    // 'close' on the request fires once its body is read; the response's tells a client that left.
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) abort.abort(new Error('client went away'));
    });
    const resolved = await source.resolve(body, visitor, abort.signal);
    const { session } = ctx.manager.launch(
      { ...visitor, ckanUser: resolved.ckanUser ?? null },
      resolved,
    );
    reply.code(session.state === 'queued' ? 202 : 201).header('Cache-Control', 'no-store');
    return sessionView(ctx, session);
  });

  app.get('/api/sessions/:id', async (request, reply) => {
    const session = ownSession(ctx, request);
    const live = ctx.manager.live.get(session.id);
    if (live) live.lastSeenMs = ctx.clock.nowMs();
    reply.header('Cache-Control', 'no-store');
    return sessionView(ctx, session);
  });

  app.delete('/api/sessions/:id', async (request, reply) => {
    requireOrigin(ctx, request);
    const session = ownSession(ctx, request);
    await ctx.manager.end(session.id, 'visitor');
    reply.header('Cache-Control', 'no-store');
    return sessionView(ctx, ctx.manager.deps.store.getSession(session.id) ?? session);
  });

  app.get('/api/capacity', async () => capacity(ctx));

  app.get('/api/notebooks', async () => ({ notebooks: await ctx.directory.list() }));
}

/**
 * How many sessions could start right now, as the queue decides it (manager.slotFor):
 * `free` for a logged-in CKAN user, `free_guests` for a guest (also bounded by the
 * effective guest cap). Both are 0 while anyone queues, as a new launch would queue too.
 */
export function capacity(ctx: HubContext): Record<string, number> {
  const held = ctx.manager.live.held();
  const settings = ctx.settings.get();
  const guestCap = effectiveGuestCap(settings);
  const queued = ctx.manager.live.queue.length;
  const free = queued > 0 ? 0 : Math.max(0, settings.max_sessions - held.all);
  return {
    max_sessions: settings.max_sessions,
    max_guest_sessions: guestCap,
    running: held.all,
    free,
    free_guests: Math.min(free, Math.max(0, guestCap - held.guests)),
    queued,
  };
}

/** The session with this id if the request's visitor owns it; 404 otherwise. */
export function ownSession(ctx: HubContext, request: FastifyRequest): SessionRecord {
  const { id } = request.params as { id: string };
  const visitor = visitorId(ctx, request);
  if (!/^[a-f0-9]{24}$/.test(id) || !visitor) throw new HubError('session_not_found');
  const record = ctx.manager.live.get(id)?.record ?? ctx.manager.deps.store.getSession(id);
  if (!record || record.visitorId !== visitor) throw new HubError('session_not_found');
  return record;
}

/** State-changing requests from a browser must come from the hub's own origin. */
export function requireOrigin(ctx: HubContext, request: FastifyRequest): void {
  if (!ctx.origins.allowsOptional(request.raw)) throw new HubError('origin_refused');
}
