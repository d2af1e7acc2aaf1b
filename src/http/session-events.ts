/**
 * `GET /api/sessions/:id/events`: server-sent events for the session's owner. Each change
 * of state, stage or queue position is sent as `event: session` with the session view;
 * a comment line every `heartbeatMs` keeps proxies from closing the stream. The stream
 * ends after the `ended` event. An open stream keeps a queued visitor in the queue.
 * When the hub shuts down, every stream ends with `event: restart` (`{"reason":
 * "hub-restart", "retry_ms": …}`): the page reconnects and re-attaches once the hub is
 * back; the session keeps running meanwhile.
 */
import type { FastifyInstance } from 'fastify';
import { HubError } from '../errors/hub-error.js';
import type { SessionRecord } from '../sessions/session.js';
import { restartEvent } from './event-streams.js';
import type { HubContext } from './hub-context.js';
import { ownSession } from './public-api.js';
import { securityHeaders } from './security-headers.js';
import { sessionView } from './session-view.js';

/** How long a browser waits before reconnecting a dropped stream. */
const RETRY_MS = 2000;

export function registerSessionEvents(
  app: FastifyInstance,
  ctx: HubContext,
  heartbeatMs = 15_000,
): void {
  app.get('/api/sessions/:id/events', async (request, reply) => {
    const session = ownSession(ctx, request);
    if (ctx.streams.isClosing) throw new HubError('server_unavailable');
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...securityHeaders(ctx.origins),
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
      Connection: 'keep-alive',
    });
    let lastSent = '';
    const send = (record: SessionRecord) => {
      const data = JSON.stringify(sessionView(ctx, record));
      if (data === lastSent) return;
      lastSent = data;
      res.write(`event: session\ndata: ${data}\n\n`);
      if (record.state === 'ended') close();
    };
    const onChange = (record: SessionRecord) => {
      // Queue positions move when anyone's session changes.
      if (record.id === session.id) send(record);
      else {
        const mine = ctx.manager.live.get(session.id);
        if (mine?.record.state === 'queued') send(mine.record);
      }
    };
    const live = ctx.manager.live.get(session.id);
    if (live) live.openStreams++;
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
    let closed = false;
    const untrack = ctx.streams.add({
      endForRestart() {
        if (closed) return;
        res.write(restartEvent(RETRY_MS));
        close();
      },
    });
    function close() {
      if (closed) return;
      closed = true;
      untrack();
      clearInterval(heartbeat);
      ctx.manager.off('change', onChange);
      if (live) {
        live.openStreams--;
        live.lastSeenMs = ctx.clock.nowMs();
      }
      res.end();
    }
    ctx.manager.on('change', onChange);
    request.raw.once('close', close);
    res.write(`retry: ${RETRY_MS}\n\n`);
    send(live?.record ?? session);
  });
}
