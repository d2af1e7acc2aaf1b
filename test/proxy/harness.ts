/**
 * Real servers on loopback for the proxy's integration tests: an upstream (node http +
 * `ws`), the proxy inside a real http server with a fake hub context, and a client that
 * can set any header (including Host).
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { createProxy, type HubProxy, type ProxyOptions } from '../../src/proxy/create-proxy.js';
import type { ProxyContext, ProxyRoute } from '../../src/proxy/proxy-context.js';

export const VISITOR_COOKIE = 'cnh_visitor';
export const HUB_ORIGIN = 'http://hub.test';
export const OWNER = 'visitor-owner';

export interface ProxyHarness {
  readonly url: string;
  readonly port: number;
  readonly proxy: HubProxy;
  readonly routes: Map<string, ProxyRoute>;
  /** recordActivity calls per session. */
  readonly activity: Map<string, number>;
  readonly failures: string[];
  readonly logLines: string[];
  close(): Promise<void>;
}

/**
 * Starts the proxy in a real server. By default the visitor id is the raw `cnh_visitor`
 * cookie value and only {@link HUB_ORIGIN} is allowed; `identity` puts the hub's real
 * checks (signed cookie, OriginPolicy) in their place.
 */
export async function startProxy(
  options: Partial<ProxyOptions> & {
    basePath?: string;
    headers?: Record<string, string>;
    identity?: Pick<ProxyContext, 'visitorId' | 'originAllowed'>;
  } = {},
): Promise<ProxyHarness> {
  const routes = new Map<string, ProxyRoute>();
  const activity = new Map<string, number>();
  const failures: string[] = [];
  const logLines: string[] = [];
  const ctx: ProxyContext = {
    basePath: options.basePath ?? '/',
    route: (id) => routes.get(id),
    visitorId: (req) => /(?:^|;\s*)cnh_visitor=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] ?? null,
    originAllowed: (req) => req.headers.origin === HUB_ORIGIN,
    recordActivity: (id) => void activity.set(id, (activity.get(id) ?? 0) + 1),
    responseHeaders: () =>
      options.headers ?? { 'Content-Security-Policy': `frame-ancestors 'self' https://ckan.test` },
    upstreamFailed: (id) => void failures.push(id),
    ...options.identity,
  };
  const proxy = createProxy(ctx, {
    stripCookies: [VISITOR_COOKIE],
    log: { warn: (message, fields) => void logLines.push(`${message} ${JSON.stringify(fields)}`) },
    ...options,
  });
  const server = createServer((req, res) => {
    if (!proxy.handleRequest(req, res)) res.writeHead(418).end('hub');
  });
  server.on('upgrade', (req, socket, head) => {
    if (!proxy.handleUpgrade(req, socket, head)) socket.end('HTTP/1.1 418 Hub\r\n\r\n');
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    proxy,
    routes,
    activity,
    failures,
    logLines,
    async close() {
      proxy.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export interface Upstream {
  readonly target: string;
  readonly port: number;
  readonly server: Server;
  readonly wss: WebSocketServer;
  /** Upgrade requests and their raw sockets, newest last. */
  readonly upgrades: { req: IncomingMessage; socket: Socket }[];
  close(): Promise<void>;
}

/** An upstream: `handler` answers HTTP, `onSocket` gets each accepted WebSocket (default: echo). */
export async function startUpstream(
  handler: Parameters<typeof createServer>[1] = (_req, res) => res.end('ok'),
  onSocket: (ws: WebSocket, req: IncomingMessage) => void = (ws) =>
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })),
): Promise<Upstream> {
  const server = createServer(handler!);
  const wss = new WebSocketServer({ noServer: true });
  const upgrades: Upstream['upgrades'] = [];
  server.on('upgrade', (req, socket, head) => {
    upgrades.push({ req, socket: socket as Socket });
    wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws, req));
  });
  const port = await listen(server);
  return {
    target: `http://127.0.0.1:${port}`,
    port,
    server,
    wss,
    upgrades,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Registers a session route owned by {@link OWNER}. */
export function addRoute(harness: ProxyHarness, sessionId: string, target: string): ProxyRoute {
  const route = { sessionId, target, ownerVisitorId: OWNER, token: `token-of-${sessionId}` };
  harness.routes.set(sessionId, route);
  return route;
}

export interface Reply {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly rawHeaders: string[];
  readonly body: Buffer;
}

/** One request on a fresh connection, with exactly the headers given. */
export function send(
  url: string,
  path: string,
  init: {
    method?: string;
    headers?: Record<string, string | string[]>;
    body?: string | Buffer;
  } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    // Host and port only: a full URL would be normalised (`%2e%2e` → `..` → removed).
    const { hostname, port } = new URL(url);
    const req = request({
      hostname,
      port,
      path,
      method: init.method ?? 'GET',
      headers: init.headers,
      agent: false,
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          rawHeaders: res.rawHeaders,
          body: Buffer.concat(chunks),
        }),
      );
    });
    req.end(init.body);
  });
}

/** The owner's cookie header, with another cookie next to it. */
export const ownerCookie = `_xsrf=xsrf-value; ${VISITOR_COOKIE}=${OWNER}; theme=dark`;

/** A port nothing listens on (bound, then released). */
export async function deadPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

/** Resolves when `predicate` holds, checking every few milliseconds; rejects after `limitMs`. */
export async function eventually(predicate: () => boolean, what: string, limitMs = 5_000) {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > limitMs) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
