/**
 * Which browser origins may make state-changing requests and WebSocket upgrades, and
 * which may frame the hub. The hub's own origin is the configured public URL's, or else
 * the one the request's Host header names (as Jupyter itself checks). Frame ancestors are
 * the CKAN site and the configured list; never `*`.
 */
import type { IncomingMessage } from 'node:http';

export class OriginPolicy {
  private readonly publicOrigin: string | null;
  readonly frameAncestors: readonly string[];

  constructor(publicUrl: string | null, ckanUrl: string | null, frameAncestors: readonly string[]) {
    this.publicOrigin = publicUrl ? new URL(publicUrl).origin : null;
    const origins = new Set<string>();
    for (const entry of [...frameAncestors, ...(ckanUrl ? [ckanUrl] : [])]) {
      if (entry === '*' || entry.trim() === '') continue;
      try {
        origins.add(new URL(entry).origin);
      } catch {
        // Config validation reports malformed entries; skip them here.
      }
    }
    this.frameAncestors = [...origins];
  }

  /** True when the request has no Origin (non-browser client) or one this hub accepts. */
  allowsOptional(req: Pick<IncomingMessage, 'headers'>): boolean {
    return req.headers.origin === undefined || this.allows(req);
  }

  /** True only for a present Origin that is the hub's own. */
  allows(req: Pick<IncomingMessage, 'headers'>): boolean {
    const origin = req.headers.origin;
    if (!origin || origin === 'null') return false;
    if (this.publicOrigin) return origin === this.publicOrigin;
    const host = req.headers.host;
    return !!host && (origin === `http://${host}` || origin === `https://${host}`);
  }

  /** The CSP directive value for frame-ancestors. */
  frameAncestorsDirective(): string {
    return ["'self'", ...this.frameAncestors].join(' ');
  }
}
