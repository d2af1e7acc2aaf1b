import { request, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { clientResponseHeaders, switchingProtocolsHead } from './client-response-headers.js';
import { closeSoon, rejectUpgrade } from './error-replies.js';
import {
  forwardedFrom,
  isStaleSocketError,
  MAX_STALE_RETRIES,
  type ProxyRuntime,
} from './proxy-runtime.js';
import { upstreamRequestHeaders } from './upstream-request-headers.js';
import type { UpstreamTarget } from './upstream-target.js';
import { WebSocketFrames } from './websocket-frames.js';

/**
 * Forwards a WebSocket handshake to a session's server and, once it switches protocols,
 * joins the two sockets byte for byte (frames are not parsed). Access and Origin have
 * already been checked. An upstream that refuses gets the client a raw 503 line; one
 * that dies later gets the client socket ended; a client that leaves takes the upstream
 * socket with it. Only data frames count as activity, in either direction: pings and
 * pongs (keep-alive, sent whether or not anyone is there) do not.
 */
export function forwardUpgrade(
  rt: ProxyRuntime,
  req: IncomingMessage,
  client: Duplex,
  head: Buffer,
  sessionId: string,
  token: string,
  target: UpstreamTarget,
): void {
  const headers = upstreamRequestHeaders(req.rawHeaders, forwardedFrom(req), {
    token,
    hubCookieNames: rt.hubCookieNames,
    fallbackHost: target.host,
    upgrade: true,
  });
  let answered = false;

  const send = (attempt: number) => {
    const upstreamReq = request({
      agent: rt.agent,
      hostname: target.hostname,
      port: target.port,
      method: 'GET',
      path: req.url,
      headers,
    });
    const deadline = rt.deadlines.arm(upstreamReq);
    const abandon = () => {
      deadline.disarm();
      upstreamReq.destroy();
    };
    client.once('close', abandon);
    upstreamReq.on('error', (error) => {
      deadline.disarm();
      client.off('close', abandon);
      if (answered || client.destroyed) return;
      if (attempt < MAX_STALE_RETRIES && isStaleSocketError(error, upstreamReq.reusedSocket)) {
        return send(attempt + 1);
      }
      answered = true;
      rt.upstreamFailed(sessionId, 'upgrade', error);
      rejectUpgrade(client, 503);
    });
    upstreamReq.on('response', (upstreamRes) => {
      // Upstream declined to switch (e.g. Jupyter's own 403 or 404): relay its answer.
      deadline.disarm();
      client.off('close', abandon);
      answered = true;
      const status = upstreamRes.statusCode ?? 502;
      if (status < 400) rt.recordActivity(sessionId);
      const flat = clientResponseHeaders(upstreamRes.rawHeaders, rt.overrides(), rt.hubCookieNames);
      let headText = `HTTP/1.1 ${status} ${upstreamRes.statusMessage ?? ''}\r\n`;
      for (let i = 0; i < flat.length; i += 2) headText += `${flat[i]}: ${flat[i + 1]}\r\n`;
      client.write(`${headText}Connection: close\r\n\r\n`);
      client.once('close', () => upstreamReq.destroy());
      upstreamRes.on('close', () => closeSoon(client));
      upstreamRes.pipe(client, { end: false });
    });
    upstreamReq.on('upgrade', (upstreamRes, upstream, upstreamHead) => {
      deadline.disarm();
      client.off('close', abandon);
      answered = true;
      upstream.on('error', ignore);
      if (client.destroyed) return void upstream.destroy();
      client.write(switchingProtocolsHead(upstreamRes.rawHeaders, rt.hubCookieNames));
      rt.recordActivity(sessionId);
      tunnel(rt, sessionId, client, upstream, head, upstreamHead);
    });
    upstreamReq.end();
  };
  send(0);
}

function tunnel(
  rt: ProxyRuntime,
  sessionId: string,
  client: Duplex,
  upstream: Duplex,
  clientHead: Buffer,
  upstreamHead: Buffer,
): void {
  tuneSocket(client);
  tuneSocket(upstream);
  rt.tunnels.set(client, upstream);
  const fromClient = new WebSocketFrames();
  const fromUpstream = new WebSocketFrames();
  client.on('data', (chunk: Buffer) => {
    if (fromClient.push(chunk) > 0) rt.recordActivity(sessionId);
  });
  upstream.on('data', (chunk: Buffer) => {
    if (fromUpstream.push(chunk) > 0) rt.recordActivity(sessionId);
  });
  client.once('close', () => {
    rt.tunnels.delete(client);
    upstream.destroy();
  });
  upstream.once('close', (hadError: boolean) => {
    if (hadError) rt.upstreamFailed(sessionId, 'websocket', new Error('upstream socket error'));
    // Frames are not parsed, so no close frame can be injected safely: a FIN is the
    // cleanest end the client can get.
    closeSoon(client);
  });
  if (upstreamHead.length > 0) {
    fromUpstream.push(upstreamHead);
    client.write(upstreamHead);
  }
  if (clientHead.length > 0) {
    fromClient.push(clientHead);
    upstream.write(clientHead);
  }
  client.pipe(upstream);
  upstream.pipe(client);
}

/** WebSocket traffic is small and interactive: no Nagle delay, no idle timeout. */
function tuneSocket(socket: Duplex): void {
  const tcp = socket as Partial<{
    setTimeout(ms: number): void;
    setNoDelay(noDelay: boolean): void;
    setKeepAlive(enable: boolean, delayMs: number): void;
  }>;
  tcp.setTimeout?.(0);
  tcp.setNoDelay?.(true);
  tcp.setKeepAlive?.(true, 30_000);
}

function ignore(): void {}
