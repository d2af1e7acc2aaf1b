/**
 * Connects the proxy to the hub: routes come from live `ready` sessions, the owner from
 * the signed visitor cookie, activity goes to the session's monotonic clock, and an
 * upstream failure triggers an immediate liveness poll of that server.
 */
import type { HubContext } from '../http/hub-context.js';
import { ADMIN_COOKIE } from '../http/admin/admin-logins.js';
import { VISITOR_COOKIE } from '../identity/visitor-cookie.js';
import { createProxy, type HubProxy } from './create-proxy.js';
import type { ProxyContext, ProxyRoute } from './proxy-context.js';

export type { HubProxy };

export function hubProxy(ctx: HubContext, headers: Readonly<Record<string, string>>): HubProxy {
  const { manager, clock } = ctx;
  const context: ProxyContext = {
    basePath: ctx.config.basePath,
    route(sessionId): ProxyRoute | undefined {
      const record = manager.live.get(sessionId)?.record;
      if (!record || record.state !== 'ready' || !record.target) return undefined;
      return {
        sessionId,
        target: record.target,
        ownerVisitorId: record.visitorId,
        token: record.token,
      };
    },
    visitorId: (req) => ctx.cookies.fromRequest(req),
    originAllowed: (req) => ctx.origins.allows(req),
    recordActivity(sessionId) {
      const live = manager.live.get(sessionId);
      if (live) live.lastActivityMs = clock.nowMs();
    },
    responseHeaders: () => headers,
    upstreamFailed(sessionId) {
      const live = manager.live.get(sessionId);
      if (live) live.lastPollMs = Number.NEGATIVE_INFINITY;
    },
  };
  return createProxy(context, { stripCookies: [VISITOR_COOKIE, ADMIN_COOKIE], log: ctx.log });
}
