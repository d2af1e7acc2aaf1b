/** Headers on every hub response: who may frame it, no sniffing, no referrer leaks, no caching of private state. */
import type { OriginPolicy } from './origin-policy.js';

export function securityHeaders(origins: OriginPolicy): Record<string, string> {
  return {
    'Content-Security-Policy': `frame-ancestors ${origins.frameAncestorsDirective()}`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
  };
}

/** The strict policy of the hub's own pages: only its own scripts, styles and connections. */
export function pageCsp(origins: OriginPolicy): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${origins.frameAncestorsDirective()}`,
  ].join('; ');
}
