import { createServer } from 'node:net';

const recentlyGiven = new Map<number, number>();
const reuseAfterMs = 60_000;

/**
 * A loopback port nobody listens on right now. The server binds it a moment later (and
 * is told `port_retries=0`, so it fails rather than silently moving elsewhere); ports
 * handed out in the last minute are skipped so two concurrent starts never get the same one.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const now = performance.now();
    for (const [given, atMs] of recentlyGiven)
      if (now - atMs > reuseAfterMs) recentlyGiven.delete(given);
    if (port > 0 && (!recentlyGiven.has(port) || attempt >= 20)) {
      recentlyGiven.set(port, now);
      return port;
    }
  }
}
