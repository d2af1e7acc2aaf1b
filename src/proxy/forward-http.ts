import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { HubError } from '../errors/hub-error.js';
import { clientResponseHeaders } from './client-response-headers.js';
import type { Deadline } from './headers-deadlines.js';
import { replyWithError } from './error-replies.js';
import { upstreamOpener } from './open-upstream.js';
import {
  isReplayable,
  isStaleSocketError,
  MAX_STALE_RETRIES,
  type ProxyRuntime,
} from './proxy-runtime.js';
import { collectDecoded, isScrubbableHtml, SCRUB_LIMIT_BYTES, scrubToken } from './token-scrub.js';
import { takesOverStatic } from './static-assets.js';
import { answerVersionedStatic } from './static-response.js';
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
  const open = upstreamOpener(rt, req, token, target, false);
  const replayable = isReplayable(req);
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
  let phase: 'waiting' | 'streaming' | 'done' = 'waiting';
  let clientGone = false;
  let current: ClientRequest | undefined;
  let currentDeadline: Deadline | undefined;
  res.on('close', () => {
    if (res.writableFinished) return;
    // The client went away: stop the upstream work and free its socket.
    clientGone = true;
    currentDeadline?.disarm();
    current?.destroy();
  });

  const cutOff = (error: unknown): void => {
    if (phase === 'done' || clientGone) return;
    phase = 'done';
    res.destroy();
    rt.upstreamFailed(sessionId, 'response', error);
  };

  const send = (attempt: number) => {
    const { upstreamReq, deadline } = open();
    current = upstreamReq;
    currentDeadline = deadline;
    upstreamReq.on('error', (error) => {
      deadline.disarm();
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
      deadline.disarm();
      if (clientGone || phase !== 'waiting') return void upstreamRes.resume();
      const status = upstreamRes.statusCode ?? 502;
      const flat = clientResponseHeaders(upstreamRes.rawHeaders, rt.overrides(), rt.hubCookieNames);
      if (takesOverStatic(req, status, `${rt.userPrefix}${sessionId}/`)) {
        phase = 'streaming';
        rt.recordActivity(sessionId);
        return answerVersionedStatic(rt.staticCompressor, req, res, upstreamRes, flat, {
          clientGone: () => clientGone,
          done: () => void (phase = 'done'),
          fail: cutOff,
        });
      }
      if (isScrubbableHtml(upstreamRes)) {
        phase = 'streaming';
        return collectDecoded(
          upstreamRes,
          SCRUB_LIMIT_BYTES,
          (head, rest) => {
            if (clientGone) return void upstreamReq.destroy();
            const body = scrubToken(head, token);
            const headers = withoutBodyHeaders(flat);
            if (!rest) headers.push('Content-Length', String(body.length));
            res.writeHead(status, upstreamRes.statusMessage, headers);
            if (status < 400) rt.recordActivity(sessionId);
            if (!rest) {
              phase = 'done';
              return void res.end(body);
            }
            res.write(body);
            rest.on('end', () => {
              phase = 'done';
              res.end();
            });
            rest.pipe(res, { end: false });
          },
          cutOff,
        );
      }
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
      // By hand rather than pipe(): three listeners instead of pipe's dozen per request.
      const resume = () => upstreamRes.resume();
      upstreamRes.on('data', (chunk: Buffer) => {
        if (!res.write(chunk)) {
          upstreamRes.pause();
          res.once('drain', resume);
        }
      });
      upstreamRes.on('end', () => {
        phase = 'done';
        res.end();
      });
      // Emitted (as 'aborted') only when the upstream connection ends before the body does.
      upstreamRes.on('error', cutOff);
    });
    if (hasBody && attempt === 0) req.pipe(upstreamReq);
    else upstreamReq.end();
  };
  send(0);
}

/** The flat header list without the headers that described the body as upstream sent it. */
function withoutBodyHeaders(flat: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    const lower = flat[i]!.toLowerCase();
    if (lower === 'content-length' || lower === 'content-encoding' || lower === 'etag') continue;
    out.push(flat[i]!, flat[i + 1]!);
  }
  return out;
}
