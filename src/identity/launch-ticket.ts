/**
 * Launch tickets, exactly as docs/launch-ticket.md defines them: the stateless part
 * (format, HMAC, lifetime, what it launches). Replay protection is `LaunchTicketVerifier`'s.
 * A ticket names either a resource (`resource_id`, a notebook resource) or a dataset
 * (`dataset_id`, a dataset launch), never both: one kind never opens the other.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

interface PayloadBase {
  readonly exp: number;
  readonly nonce: string;
  readonly user: string;
}
export type LaunchTicketPayload =
  | (PayloadBase & { readonly resource_id: string; readonly dataset_id?: undefined })
  | (PayloadBase & { readonly dataset_id: string; readonly resource_id?: undefined });

/** What a launch asks for: a resource id, or a dataset id or name, compared exactly. */
export type TicketTarget = { readonly resourceId: string } | { readonly datasetId: string };

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
// The two payload shapes, keys sorted (the canonical JSON's order).
const resourceFields = ['exp', 'nonce', 'resource_id', 'user'];
const datasetFields = ['dataset_id', 'exp', 'nonce', 'user'];

/** Signs a payload (the CKAN plugin's job; here for tests and tools). */
export function signLaunchTicket(payload: LaunchTicketPayload, secret: string): string {
  const fields = payload.dataset_id !== undefined ? datasetFields : resourceFields;
  const canonical = JSON.stringify(
    Object.fromEntries(fields.map((k) => [k, payload[k as keyof LaunchTicketPayload]])),
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
  expected: { readonly secret: string; readonly nowSeconds: number } & TicketTarget,
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
  // A resource ticket never opens a dataset, nor a dataset ticket a resource.
  const matches =
    'datasetId' in expected
      ? payload.dataset_id === expected.datasetId
      : payload.resource_id === expected.resourceId;
  if (!matches) return fail('wrong_resource');
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
  const keys = Object.keys(p).sort().join(',');
  const claim = keys === datasetFields.join(',') ? 'dataset_id' : 'resource_id';
  if (keys !== (claim === 'dataset_id' ? datasetFields : resourceFields).join(',')) return null;
  if (typeof p.exp !== 'number' || !Number.isSafeInteger(p.exp)) return null;
  if (typeof p.nonce !== 'string' || !noncePattern.test(p.nonce)) return null;
  const id = p[claim];
  if (typeof id !== 'string' || id.length === 0) return null;
  if (typeof p.user !== 'string' || p.user.length === 0) return null;
  const base = { exp: p.exp, nonce: p.nonce, user: p.user };
  return claim === 'dataset_id' ? { ...base, dataset_id: id } : { ...base, resource_id: id };
}

function hmac(secret: string, message: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(Buffer.from(message, 'ascii'))
    .digest('base64url');
}

function fail(error: LaunchTicketError): LaunchTicketCheck {
  return { ok: false, error };
}
