/**
 * Security: the hub's secrets, the metrics token, cookies and framing. Part of the one
 * config schema (../schema.ts).
 */
import { bool, list, oneOf, optionalStr, field } from '../fields.js';

export const securityFields = {
  // security
  cookieSecret: field({
    group: 'security',
    parser: optionalStr({ minBytes: 32 }),
    default: null,
    env: ['HUB_COOKIE_SECRET'],
    secret: true,
    description:
      'Key that signs visitor cookies, at least 32 bytes. Unset: generated once and kept in the data folder.',
  }),
  adminToken: field({
    group: 'security',
    parser: optionalStr(),
    default: null,
    env: ['HUB_ADMIN_TOKEN'],
    secret: true,
    description:
      'Bearer token of the admin API. Unset: generated once and kept in the data folder (secrets/admin-token).',
  }),
  allowSharedSecretFiles: field({
    group: 'security',
    parser: bool(),
    default: false,
    env: ['HUB_ALLOW_SHARED_SECRET_FILES'],
    description:
      "Accept <VARIABLE>_FILE secrets that group or others may read. Only for a file shared on purpose with another service's user, in a folder that keeps everyone else out (compose secrets in a 0700 folder). Off: such a file stops the start.",
  }),
  metricsToken: field({
    group: 'security',
    parser: optionalStr(),
    default: null,
    env: ['HUB_METRICS_TOKEN'],
    secret: true,
    description:
      'Bearer token a Prometheus scrape of /metrics must send. Unset: /metrics is open (keep it off the public internet).',
  }),
  cookieSameSite: field({
    group: 'security',
    parser: oneOf(['lax', 'strict', 'none'] as const),
    default: 'lax',
    env: ['HUB_COOKIE_SAMESITE'],
    description:
      "SameSite of the visitor cookie: lax when the hub shares the portal's site, none (with Secure) when CKAN frames it from another site.",
  }),
  frameAncestors: field({
    group: 'security',
    parser: list(),
    default: [],
    env: ['HUB_FRAME_ANCESTORS'],
    flag: '--frame-ancestors',
    description:
      'Origins allowed to frame the hub (CSP frame-ancestors), besides the CKAN site. Never *.',
  }),
} as const;
