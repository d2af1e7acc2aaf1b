/**
 * Client-side latency, one request (or WebSocket message) at a time on one kept-alive
 * connection, timed with `process.hrtime.bigint()`. Sequential on purpose: it measures
 * what a hop adds to a single interaction, not what it does under load.
 */
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { WebSocket } from 'ws';

/** Milliseconds per request for `count` GETs after `warmup` untimed ones. */
export async function httpLatencies(
  url: string,
  headers: Record<string, string>,
  count: number,
  warmup: number,
): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const samples: number[] = [];
  try {
    for (let i = 0; i < warmup + count; i++) {
      const start = process.hrtime.bigint();
      await get(url, headers, agent);
      if (i >= warmup) samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  } finally {
    agent.destroy();
  }
  return samples;
}

function get(url: string, headers: Record<string, string>, agent: Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`${url}: ${res.statusCode}`));
      res.on('data', () => {});
      res.on('end', resolve);
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Milliseconds per echo round trip of a small text message. */
export async function webSocketLatencies(
  url: string,
  headers: Record<string, string>,
  count: number,
  warmup: number,
): Promise<number[]> {
  const ws = new WebSocket(url, { headers, perMessageDeflate: false });
  await once(ws, 'open');
  const samples: number[] = [];
  const message = 'x'.repeat(32);
  try {
    for (let i = 0; i < warmup + count; i++) {
      const start = process.hrtime.bigint();
      const echoed = once(ws, 'message');
      ws.send(message);
      await echoed;
      if (i >= warmup) samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  } finally {
    ws.close();
  }
  return samples;
}

/** The p-th percentile (nearest rank) of unsorted samples. */
export function percentileOf(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ??
    NaN
  );
}
