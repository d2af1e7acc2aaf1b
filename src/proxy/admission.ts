import type { IncomingMessage } from 'node:http';
import type { ProxyContext, ProxyRoute } from './proxy-context.js';
import { upstreamTarget, type UpstreamTarget } from './upstream-target.js';

/** Why a request for a session is not forwarded. */
export type Refusal =
  /** No such session, or not this visitor's: one answer for both, so existence never leaks. */
  | 'not_found'
  | 'origin_refused'
  /** An upgrade that is not a WebSocket handshake. */
  | 'not_websocket'
  /** The route's target is not a plain http origin. */
  | 'bad_target';

export type Admission =
  | { readonly ok: true; readonly route: ProxyRoute; readonly target: UpstreamTarget }
  | { readonly ok: false; readonly refusal: Refusal };

/**
 * Decides whether a request (or WebSocket handshake) for `sessionId` may reach that
 * session's server, in this order: the Origin rules, then ownership, then the target.
 */
export function admit(
  ctx: ProxyContext,
  req: IncomingMessage,
  sessionId: string,
  upgrade: boolean,
): Admission {
  const origin = req.headers.origin;
  if (upgrade) {
    if (req.method !== 'GET' || req.headers.upgrade?.toLowerCase() !== 'websocket') {
      return refuse('not_websocket');
    }
    // Browsers always send Origin with a WebSocket handshake; cross-site WebSocket
    // hijacking is what this stops, so a handshake without one is not vouched for.
    if (origin === undefined || !ctx.originAllowed(req)) return refuse('origin_refused');
  } else if (origin !== undefined && isStateChanging(req.method) && !ctx.originAllowed(req)) {
    // Browsers send Origin on every cross-site state-changing request, so a foreign one
    // is refused. Requests without Origin come from non-browser clients (or same-origin
    // requests in old browsers): they still need the visitor cookie, and its SameSite
    // attribute keeps other sites from attaching it.
    return refuse('origin_refused');
  }
  const route = ctx.route(sessionId);
  if (route === undefined) return refuse('not_found');
  const visitorId = ctx.visitorId(req);
  if (visitorId === null || visitorId !== route.ownerVisitorId) return refuse('not_found');
  const target = upstreamTarget(route.target);
  if (target === null) return refuse('bad_target');
  return { ok: true, route, target };
}

function isStateChanging(method: string | undefined): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}

const refusals = new Map<Refusal, Admission>(
  (['not_found', 'origin_refused', 'not_websocket', 'bad_target'] as const).map((refusal) => [
    refusal,
    Object.freeze({ ok: false, refusal }),
  ]),
);

function refuse(refusal: Refusal): Admission {
  return refusals.get(refusal)!;
}
