/**
 * RFC 9112 §3.2: a request with more than one Host header field is answered 400. Node
 * keeps only the first in `headers`, so the raw list is counted — before routing, on
 * plain requests and WebSocket upgrades alike, on both listeners.
 */
import type { IncomingMessage } from 'node:http';

export function hasDuplicateHost(req: Pick<IncomingMessage, 'rawHeaders'>): boolean {
  let seen = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    if (req.rawHeaders[i]!.toLowerCase() === 'host' && ++seen > 1) return true;
  return false;
}

export const duplicateHostBody = '{"error":"bad_request","message":"More than one Host header."}';

/** The raw answer for an upgrade request with two Host headers. */
export const duplicateHostUpgradeReply =
  'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application/json\r\n' +
  `Content-Length: ${Buffer.byteLength(duplicateHostBody)}\r\n\r\n${duplicateHostBody}`;
