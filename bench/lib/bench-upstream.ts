/**
 * The upstream every proxy benchmark talks to, run as its own process: any HTTP request
 * gets the same 1 KiB body; any WebSocket gets its messages echoed. Prints `READY <port>`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const body = Buffer.alloc(1024, 'x');
const server = createServer((req, res) => {
  // Drain any request body so keep-alive connections stay usable.
  req.resume();
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
const wss = new WebSocketServer({ server, perMessageDeflate: false });
wss.on('connection', (ws) =>
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })),
);
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
