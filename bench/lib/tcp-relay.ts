/**
 * A bare TCP relay, run as its own process: each client connection is piped to a new
 * upstream connection, with no HTTP parsing, no checks and no pooling. It is the floor
 * for any proxy on the same machine — what the extra hop alone costs.
 * Usage: tcp-relay.ts <upstream-port>. Prints `READY <port>`.
 */
import { connect, createServer, type AddressInfo } from 'node:net';

const upstreamPort = Number(process.argv[2]);
if (!upstreamPort) throw new Error('usage: tcp-relay.ts <upstream-port>');
const server = createServer((client) => {
  const upstream = connect(upstreamPort, '127.0.0.1');
  for (const [from, to] of [
    [client, upstream],
    [upstream, client],
  ] as const) {
    from.setNoDelay(true);
    from.on('error', () => to.destroy());
    from.on('close', () => to.destroy());
    from.pipe(to);
  }
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
