/**
 * Browser logins to the admin dashboard. Signing in with the admin token gives a cookie
 * `cnh_admin=<login id>.<mac>` (HttpOnly, SameSite=Strict, Path=base, short-lived) and a
 * CSRF token derived from the login id, which the dashboard page carries in a data
 * attribute and sends as `X-CSRF-Token` with every state-changing request. Both MACs are
 * keyed by the cookie key and the admin token, so changing the token signs everyone out.
 * Logins are also kept in memory, so signing out (or a hub restart) ends them for real.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Clock } from '../../clock.js';
import { readCookie } from '../../identity/visitor-cookie.js';

export const ADMIN_COOKIE = 'cnh_admin';
const ID_PATTERN = /^[A-Za-z0-9_-]{32}$/;
const MAX_LOGINS = 64;

export interface AdminLoginOptions {
  readonly path: string;
  readonly secure: boolean;
  readonly ttlSeconds: number;
}

export interface AdminLogin {
  readonly id: string;
  readonly csrfToken: string;
}

export class AdminLogins {
  private readonly key: Buffer;
  /** Login id → monotonic expiry in ms, oldest first. */
  private readonly active = new Map<string, number>();

  constructor(
    cookieKey: Buffer,
    adminToken: string,
    private readonly clock: Clock,
    private readonly options: AdminLoginOptions,
  ) {
    this.key = createHmac('sha256', cookieKey).update(`cnh-admin-login\0${adminToken}`).digest();
  }

  /** A new login: its `Set-Cookie` value and its CSRF token. */
  create(): { setCookie: string; login: AdminLogin } {
    this.prune();
    while (this.active.size >= MAX_LOGINS) this.active.delete(this.active.keys().next().value!);
    const id = randomBytes(24).toString('base64url');
    this.active.set(id, this.clock.nowMs() + this.options.ttlSeconds * 1000);
    const value = `${id}.${this.mac('cookie', id)}`;
    return {
      setCookie: this.cookie(value, this.options.ttlSeconds),
      login: { id, csrfToken: this.mac('csrf', id) },
    };
  }

  /** The login the request's cookie proves, or null (none, forged, expired, signed out). */
  fromRequest(req: Pick<IncomingMessage, 'headers'>): AdminLogin | null {
    const value = readCookie(req.headers.cookie, ADMIN_COOKIE);
    if (!value) return null;
    const dot = value.indexOf('.');
    const id = value.slice(0, dot);
    if (dot !== 32 || !ID_PATTERN.test(id)) return null;
    if (!equal(value.slice(dot + 1), this.mac('cookie', id))) return null;
    const expires = this.active.get(id);
    if (expires === undefined || expires <= this.clock.nowMs()) return null;
    return { id, csrfToken: this.mac('csrf', id) };
  }

  /** Constant-time check of a request's `X-CSRF-Token` against the login's. */
  csrfValid(login: AdminLogin, header: string | string[] | undefined): boolean {
    return typeof header === 'string' && equal(header, login.csrfToken);
  }

  /** Ends the login; returns the `Set-Cookie` value that clears the cookie. */
  end(login: AdminLogin | null): string {
    if (login) this.active.delete(login.id);
    return this.cookie('', 0);
  }

  private prune(): void {
    const now = this.clock.nowMs();
    for (const [id, expires] of this.active) if (expires <= now) this.active.delete(id);
  }

  private cookie(value: string, maxAgeSeconds: number): string {
    const parts = [
      `${ADMIN_COOKIE}=${value}`,
      `Path=${this.options.path}`,
      `Max-Age=${maxAgeSeconds}`,
      'HttpOnly',
      'SameSite=Strict',
    ];
    if (this.options.secure) parts.push('Secure');
    return parts.join('; ');
  }

  private mac(purpose: 'cookie' | 'csrf', id: string): string {
    return createHmac('sha256', this.key).update(`${purpose}:${id}`).digest('base64url');
  }
}

function equal(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
