/**
 * Preview grants: what the launcher page hands its static-preview frame after a launch
 * ticket vouched for a CKAN user, so the preview of a private notebook can be fetched
 * with the hub's CKAN token. `v1.<payload>.<mac>`: base64url JSON `{exp, resource_id,
 * user}` and HMAC-SHA256 under a key derived from the hub's cookie key. Bound to one
 * resource, valid ten minutes, reusable within that time (the preview may reload), and
 * only ever in the URL of the preview frame of the page the ticket opened.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const previewGrantLifetimeSeconds = 600;

interface GrantPayload {
  readonly exp: number;
  readonly resource_id: string;
  readonly user: string;
}

export class PreviewGrants {
  private readonly key: Buffer;

  constructor(hubKey: Buffer) {
    this.key = createHmac('sha256', hubKey).update('ckan-notebook-hub preview grant v1').digest();
  }

  issue(resourceId: string, user: string, nowSeconds: number): string {
    const payload: GrantPayload = {
      exp: nowSeconds + previewGrantLifetimeSeconds,
      resource_id: resourceId,
      user,
    };
    const signed = `v1.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return `${signed}.${this.mac(signed)}`;
  }

  /** The user the grant vouches for, or null when it is not one of ours, expired or for another resource. */
  check(grant: string, resourceId: string, nowSeconds: number): string | null {
    const parts = grant.length <= 2000 ? grant.split('.') : [];
    if (parts.length !== 3 || parts[0] !== 'v1') return null;
    const expected = Buffer.from(this.mac(`v1.${parts[1]}`));
    const given = Buffer.from(parts[2]!);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    let payload: Partial<GrantPayload>;
    try {
      payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as GrantPayload;
    } catch {
      return null;
    }
    if (payload.resource_id !== resourceId || typeof payload.user !== 'string') return null;
    if (typeof payload.exp !== 'number' || payload.exp <= nowSeconds) return null;
    return payload.user;
  }

  private mac(signed: string): string {
    return createHmac('sha256', this.key).update(signed).digest('base64url');
  }
}

const byKey = new WeakMap<Buffer, PreviewGrants>();

/** One instance per hub key. */
export function previewGrantsFor(hubKey: Buffer): PreviewGrants {
  let grants = byKey.get(hubKey);
  if (!grants) byKey.set(hubKey, (grants = new PreviewGrants(hubKey)));
  return grants;
}
