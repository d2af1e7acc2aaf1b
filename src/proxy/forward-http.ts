import { request, type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { HubError } from '../errors/hub-error.js';
import { clientResponseHeaders } from './client-response-headers.js';
import { replyWithError } from './error-replies.js';
import {
  forwardedFrom,
  headersTimeoutError,
  isReplayable,
  isStaleSocketError,
  MAX_STALE_RETRIES,
  type ProxyRuntime,
} from './proxy-runtime.js';
import { upstreamRequestHeaders } from './upstream-request-headers.js';
import type { UpstreamTarget } from './upstream-target.js';

/**
 * Forwards one HTTP request to a session's server and streams the answer back. Access
 * has already been checked. Failures before upstream's headers become a 503; after them
 * the client response is cut off, so a truncated body is never mistaken for a whole one.
 */
export function forwardHttp(
  rt: ProxyRuntime,
  req: IncomingMessage,
  res: ServerResponse,
  sessionId: string,
  token: string,
  target: UpstreamTarget,
): void {
  const headers = upstreamRequestHeaders(req.rawHeaders, forwardedFrom(req), {
    token,
    hubCookieNames: rt.hubCookieNames,
    fallbackHost: target.host,
    upgrade: false,
  });
  const replayable = isReplayable(req);
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
  let phase: 'waiting' | 'streaming' | 'done' = 'waiting';
  let clientGone = false;
  let current: ClientRequest | undefined;
  res.once('close', () => {
    if (res.writableFinished) return;
    // The client went away: stop the upstream work and free its socket.
    clientGone = true;
    current?.destroy();
  });

  const cutOff = (error: unknown): void => {
    if (phase === 'done' || clientGone) return;
    phase = 'done';
    res.destroy();
    rt.upstreamFailed(sessionId, 'response', error);
  };

  const send = (attempt: number) => {
    const upstreamReq = request({
      agent: rt.agent,
      hostname: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers,
      timeout: rt.headersTimeoutMs,
    });
    current = upstreamReq;
    upstreamReq.on('timeout', () => upstreamReq.destroy(headersTimeoutError()));
    upstreamReq.on('error', (error) => {
      if (clientGone || phase === 'done') return;
      if (phase === 'streaming') return cutOff(error);
      if (replayable && attempt < MAX_STALE_RETRIES) {
        if (isStaleSocketError(error, upstreamReq.reusedSocket)) return send(attempt + 1);
      }
      phase = 'done';
      rt.upstreamFailed(sessionId, 'connect', error);
      replyWithError(req, res, new HubError('server_unavailable'), rt.overrides().flat);
    });
    upstreamReq.on('response', (upstreamRes) => {
      if (clientGone || phase !== 'waiting') return void upstreamRes.resume();
      upstreamReq.setTimeout(0);
      const status = upstreamRes.statusCode ?? 502;
      const flat = clientResponseHeaders(upstreamRes.rawHeaders, rt.overrides(), rt.hubCookieNames);
      try {
        res.writeHead(status, upstreamRes.statusMessage, flat);
      } catch (error) {
        // Upstream sent a header Node will not repeat (e.g. a stray control character).
        phase = 'done';
        upstreamReq.destroy();
        rt.upstreamFailed(sessionId, 'headers', error);
        return replyWithError(req, res, new HubError('internal'), rt.overrides().flat);
      }
      phase = 'streaming';
      if (status < 400) rt.recordActivity(sessionId);
      upstreamRes.on('close', () => {
        if (!upstreamRes.complete) cutOff(new Error('upstream closed mid-response'));
      });
      upstreamRes.once('end', () => {
        if (phase === 'streaming') phase = 'done';
      });
      upstreamRes.pipe(res);
    });
    if (hasBody && attempt === 0) req.pipe(upstreamReq);
    else upstreamReq.end();
  };
  send(0);
}
