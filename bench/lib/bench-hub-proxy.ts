/**
 * The hub's proxy alone, run as its own process for benchmarks: `createProxy` in a plain
 * http server, with the hub's real visitor-cookie verifier (an HMAC per request) and real
 * security headers, so the numbers include the per-request checks the hub pays for.
 * Usage: bench-hub-proxy.ts <upstream-target> <cookie-key-hex> <visitor-id>. Prints `READY <port>`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OriginPolicy } from '../../src/http/origin-policy.js';
import { securityHeaders } from '../../src/http/security-headers.js';
import { VISITOR_COOKIE, VisitorCookies } from '../../src/identity/visitor-cookie.js';
import { createProxy } from '../../src/proxy/create-proxy.js';

const BENCH_SESSION = 'bench';

const [target, keyHex, visitorId] = process.argv.slice(2);
if (!target || !keyHex || !visitorId) {
  throw new Error('usage: bench-hub-proxy.ts <target> <key-hex> <visitor-id>');
}
const cookies = new VisitorCookies(Buffer.from(keyHex, 'hex'), {
  path: '/',
  sameSite: 'lax',
  secure: false,
  maxAgeSeconds: 3600,
});
const origins = new OriginPolicy(null, 'http://ckan.bench', []);
const headers = securityHeaders(origins);
const route = { sessionId: BENCH_SESSION, target, ownerVisitorId: visitorId, token: 'bench-token' };
const proxy = createProxy(
  {
    basePath: '/',
    route: (id) => (id === BENCH_SESSION ? route : undefined),
    visitorId: (req) => cookies.fromRequest(req),
    originAllowed: (req) => origins.allows(req),
    recordActivity: () => {},
    responseHeaders: () => headers,
    upstreamFailed: () => {},
  },
  { stripCookies: [VISITOR_COOKIE] },
);
const server = createServer((req, res) => {
  if (!proxy.handleRequest(req, res)) res.writeHead(404).end();
});
server.on('upgrade', (req, socket, head) => {
  if (!proxy.handleUpgrade(req, socket, head)) socket.destroy();
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  proxy.close();
  process.exit(0);
});
