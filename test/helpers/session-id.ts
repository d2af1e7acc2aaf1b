import { randomBytes } from 'node:crypto';

/** A session id as the hub makes them (lowercase letters and digits, at most 40), unique per call. */
export function testSessionId(prefix = 't'): string {
  return `${prefix.replace(/[^a-z0-9]/g, '')}${randomBytes(6).toString('hex')}`.slice(0, 40);
}

/** A random server token. */
export function testToken(): string {
  return randomBytes(24).toString('hex');
}
