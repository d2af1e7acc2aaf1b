import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import type { Deadline } from './headers-deadlines.js';
import { forwardedFrom, type ProxyRuntime } from './proxy-runtime.js';
import { upstreamRequestHeaders } from './upstream-request-headers.js';
import type { UpstreamTarget } from './upstream-target.js';

/** One attempt at a forwarded request, and its headers deadline (already armed). */
export interface UpstreamAttempt {
  readonly upstreamReq: ClientRequest;
  readonly deadline: Deadline;
}

/**
 * How both forwarders (forward-http.ts, forward-upgrade.ts) reach a session's server:
 * the client's request rewritten once (`upstreamRequestHeaders`, with `upgrade` for a
 * WebSocket handshake, which always goes as GET), then each call opens one attempt on the
 * shared keep-alive agent, so a stale-socket retry sends the same headers again.
 */
export function upstreamOpener(
  rt: ProxyRuntime,
  req: IncomingMessage,
  token: string,
  target: UpstreamTarget,
  upgrade: boolean,
): () => UpstreamAttempt {
  const headers = upstreamRequestHeaders(req.rawHeaders, forwardedFrom(req), {
    token,
    hubCookieNames: rt.hubCookieNames,
    fallbackHost: target.host,
    upgrade,
  });
  return () => {
    const upstreamReq = request({
      agent: rt.agent,
      hostname: target.hostname,
      port: target.port,
      method: upgrade ? 'GET' : req.method,
      path: req.url,
      headers,
    });
    return { upstreamReq, deadline: rt.deadlines.arm(upstreamReq) };
  };
}
