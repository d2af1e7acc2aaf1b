/**
 * Launch tickets, exactly as docs/launch-ticket.md defines them: the stateless part
 * (format, HMAC, lifetime, resource). Replay protection is `LaunchTicketVerifier`'s.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface LaunchTicketPayload {
  readonly exp: number;
  readonly nonce: string;
  readonly resource_id: string;
  readonly user: string;
}

export type LaunchTicketError =
  'malformed' | 'bad_signature' | 'expired' | 'too_long_lived' | 'wrong_resource' | 'replayed';

export type LaunchTicketCheck =
  | { readonly ok: true; readonly payload: LaunchTicketPayload }
  | { readonly ok: false; readonly error: LaunchTicketError };

/** Tickets live ten minutes at most. */
export const ticketMaxLifetimeSeconds = 600;
const maxTicketLength = 4096;
const base64url = /^[A-Za-z0-9_-]*$/;
const noncePattern = /^[A-Za-z0-9_-]{16,64}$/;
const fieldNames = ['exp', 'nonce', 'resource_id', 'user'];

/** Signs a payload (the CKAN plugin's job; here for tests and tools). */
export function signLaunchTicket(payload: LaunchTicketPayload, secret: string): string {
  const canonical = JSON.stringify(
    Object.fromEntries(fieldNames.map((k) => [k, payload[k as keyof LaunchTicketPayload]])),
  );
  const signed = `v1.${Buffer.from(canonical, 'utf8').toString('base64url')}`;
  return `${signed}.${hmac(secret, signed)}`;
}

/**
 * Checks 1–5 of the spec, in its order; the first failure names the error. Stateless:
 * a ticket that passes may still be a replay.
 */
export function checkLaunchTicket(
  ticket: string,
  expected: { readonly secret: string; readonly resourceId: string; readonly nowSeconds: number },
): LaunchTicketCheck {
  const parts = ticket.length <= maxTicketLength ? ticket.split('.') : [];
  if (parts.length !== 3 || parts[0] !== 'v1') return fail('malformed');
  const [, payload64, signature64] = parts as [string, string, string];
  if (!base64url.test(payload64) || !base64url.test(signature64)) return fail('malformed');
  const payload = parsePayload(payload64);
  if (!payload) return fail('malformed');

  const expectedSignature = Buffer.from(hmac(expected.secret, `v1.${payload64}`));
  const givenSignature = Buffer.from(signature64);
  // Comparing the encoded form also refuses non-canonical base64url spellings of the MAC.
  if (
    givenSignature.length !== expectedSignature.length ||
    !timingSafeEqual(givenSignature, expectedSignature)
  ) {
    return fail('bad_signature');
  }
  if (payload.exp <= expected.nowSeconds) return fail('expired');
  if (payload.exp > expected.nowSeconds + ticketMaxLifetimeSeconds) return fail('too_long_lived');
  if (payload.resource_id !== expected.resourceId) return fail('wrong_resource');
  return { ok: true, payload };
}

function parsePayload(payload64: string): LaunchTicketPayload | null {
  if (payload64.length % 4 === 1) return null;
  let value: unknown;
  try {
    value = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(payload64, 'base64url')),
    );
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const p = value as Record<string, unknown>;
  const keys = Object.keys(p).sort();
  if (keys.length !== fieldNames.length || keys.some((k, i) => k !== fieldNames[i])) return null;
  if (typeof p.exp !== 'number' || !Number.isSafeInteger(p.exp)) return null;
  if (typeof p.nonce !== 'string' || !noncePattern.test(p.nonce)) return null;
  if (typeof p.resource_id !== 'string' || p.resource_id.length === 0) return null;
  if (typeof p.user !== 'string' || p.user.length === 0) return null;
  return { exp: p.exp, nonce: p.nonce, resource_id: p.resource_id, user: p.user };
}

function hmac(secret: string, message: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(Buffer.from(message, 'ascii'))
    .digest('base64url');
}

function fail(error: LaunchTicketError): LaunchTicketCheck {
  return { ok: false, error };
}
