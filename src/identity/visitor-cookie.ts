/**
 * The visitor cookie: `<id>.<mac>` where `id` is 128 random bits (base64url) and `mac`
 * is HMAC-SHA256(key, id). Nothing else identifies a guest: not the IP address, not the
 * User-Agent, nothing in a URL. Verification is constant-time, and a tampered, truncated
 * or foreign-key cookie yields null.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const VISITOR_COOKIE = 'cnh_visitor';
const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export interface CookieOptions {
  readonly path: string;
  readonly sameSite: 'lax' | 'strict' | 'none';
  readonly secure: boolean;
  /** Cookie lifetime; the session itself ends much sooner. */
  readonly maxAgeSeconds: number;
}

export class VisitorCookies {
  constructor(
    private readonly key: Buffer,
    private readonly options: CookieOptions,
  ) {}

  newVisitorId(): string {
    return randomBytes(16).toString('base64url');
  }

  sign(id: string): string {
    return `${id}.${this.mac(id)}`;
  }

  /** The visitor id if `value` is a cookie this hub signed, else null. */
  verify(value: string | undefined): string | null {
    if (!value) return null;
    const dot = value.indexOf('.');
    if (dot !== 22) return null;
    const id = value.slice(0, dot);
    if (!ID_PATTERN.test(id)) return null;
    const given = Buffer.from(value.slice(dot + 1));
    const expected = Buffer.from(this.mac(id));
    return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
  }

  /** The visitor id proven by the request's Cookie header, or null. */
  fromRequest(req: Pick<IncomingMessage, 'headers'>): string | null {
    return this.verify(readCookie(req.headers.cookie, VISITOR_COOKIE));
  }

  /** A `Set-Cookie` header value for the visitor. */
  header(id: string): string {
    const parts = [
      `${VISITOR_COOKIE}=${this.sign(id)}`,
      `Path=${this.options.path}`,
      `Max-Age=${this.options.maxAgeSeconds}`,
      'HttpOnly',
      `SameSite=${this.options.sameSite[0]!.toUpperCase()}${this.options.sameSite.slice(1)}`,
    ];
    if (this.options.secure || this.options.sameSite === 'none') parts.push('Secure');
    if (this.options.sameSite === 'none') parts.push('Partitioned');
    return parts.join('; ');
  }

  private mac(id: string): string {
    return createHmac('sha256', this.key).update(id).digest('base64url');
  }
}

/** The value of one cookie in a Cookie header (first match), without decoding. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
