import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { clientResponseHeaders, switchingProtocolsHead } from './client-response-headers.js';
import { closeSoon, rejectUpgrade } from './error-replies.js';
import { closeFrame, GOING_AWAY } from './close-frame.js';
import { upstreamOpener } from './open-upstream.js';
import { isStaleSocketError, MAX_STALE_RETRIES, type ProxyRuntime } from './proxy-runtime.js';
import type { UpstreamTarget } from './upstream-target.js';
import { WebSocketFrames } from './websocket-frames.js';

/**
 * Forwards a WebSocket handshake to a session's server and, once it switches protocols,
 * joins the two sockets byte for byte (frames are not parsed). Access and Origin have
 * already been checked. An upstream that refuses gets the client a raw 503 line; one
 * that dies later gets the client socket ended; a client that leaves takes the upstream
 * socket with it. Only data frames count as activity, in either direction: pings and
 * pongs (keep-alive, sent whether or not anyone is there) do not. `rt.tunnels` lets the
 * hub end every tunnel with a close frame (1001, going away) when it shuts down.
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
  const open = upstreamOpener(rt, req, token, target, true);
  let answered = false;

  const send = (attempt: number) => {
    const { upstreamReq, deadline } = open();
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
  const fromClient = new WebSocketFrames();
  const fromUpstream = new WebSocketFrames();
  let goingAway = false;
  const finish = () => {
    client.unpipe(upstream);
    upstream.off('data', toClient);
    upstream.destroy();
    client.end(closeFrame(GOING_AWAY, 'hub restarting'));
    // A client that never answers the close frame must not hold the hub's exit.
    setTimeout(() => client.destroy(), CLOSE_GRACE_MS).unref();
  };
  // Upstream to client is written here, not piped, so a shutdown can end the tunnel at
  // a frame boundary with a close frame instead of a bare FIN.
  function toClient(chunk: Buffer): void {
    if (goingAway) {
      const take = fromUpstream.pushToBoundary(chunk);
      if (take > 0) client.write(chunk.subarray(0, take));
      if (fromUpstream.atBoundary) finish();
      return;
    }
    if (fromUpstream.push(chunk) > 0) rt.recordActivity(sessionId);
    if (!client.write(chunk)) {
      upstream.pause();
      client.once('drain', () => upstream.resume());
    }
  }
  rt.tunnels.set(client, {
    goAway() {
      if (goingAway) return;
      goingAway = true;
      if (fromUpstream.atBoundary) finish();
    },
  });
  client.on('data', (chunk: Buffer) => {
    if (fromClient.push(chunk) > 0) rt.recordActivity(sessionId);
  });
  client.once('close', () => {
    rt.tunnels.delete(client);
    upstream.destroy();
  });
  upstream.once('close', (hadError: boolean) => {
    if (hadError) rt.upstreamFailed(sessionId, 'websocket', new Error('upstream socket error'));
    if (goingAway) return;
    // Mid-stream, a FIN is the cleanest end the client can get: the upstream may have
    // died inside a frame.
    closeSoon(client);
  });
  if (upstreamHead.length > 0) toClient(upstreamHead);
  if (clientHead.length > 0) {
    fromClient.push(clientHead);
    upstream.write(clientHead);
  }
  client.pipe(upstream);
  upstream.on('data', toClient);
  // The HTTP client hands over the upgraded socket paused; a 'data' listener alone would
  // not start it flowing.
  upstream.resume();
}

/** How long a client gets to answer the hub's close frame before its socket is cut. */
const CLOSE_GRACE_MS = 1000;

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
