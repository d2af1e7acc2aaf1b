/**
 * One GET through Node's own http/https client with a filtering agent: the request
 * resolves with the response head, or rejects with the socket's error (a refused
 * address, a refused connection, an abort).
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { agentFor, guardedLookup } from './connect-guard.js';

export interface FetchOnceOptions {
  readonly headers: Readonly<Record<string, string>>;
  /** The configured CKAN site: private addresses allowed, no lookup guard. */
  readonly trusted: boolean;
  readonly lookup: LookupFunction | undefined;
  readonly signal: AbortSignal;
}

export function fetchOnce(url: URL, options: FetchOnceOptions): Promise<IncomingMessage> {
  const protocol = url.protocol === 'https:' ? 'https:' : 'http:';
  const client = protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request({
      protocol,
      hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: options.headers,
      agent: agentFor(protocol, options.trusted),
      lookup: options.trusted ? options.lookup : guardedLookup(options.lookup),
      signal: options.signal,
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
}
