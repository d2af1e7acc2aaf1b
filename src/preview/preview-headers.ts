/**
 * Response headers for preview pages: a CSP that allows nothing but `data:` images and the
 * same-origin stylesheet, sandboxes the page into an opaque origin with no script, forms,
 * popups or navigation, and restricts who may frame it to an explicit list of origins.
 */

/**
 * The `frame-ancestors` source list for `origins`: `'self'` when empty. Each entry must be
 * `'self'`, `'none'` or a bare `http(s)://host[:port]` origin; `*`, wildcards, paths and
 * anything that could smuggle another directive (`;`, `,`, whitespace) throw.
 */
export function frameAncestorsSources(origins: readonly string[]): string {
  if (origins.length === 0) return "'self'";
  return origins.map(checkedAncestor).join(' ');
}

/** Headers for a preview response. `frameAncestors` as in {@link frameAncestorsSources}. */
export function previewHeaders(frameAncestors: readonly string[]): Record<string, string> {
  const csp = [
    "default-src 'none'",
    'img-src data:',
    "style-src 'self'",
    'sandbox allow-popups allow-popups-to-escape-sandbox',
    `frame-ancestors ${frameAncestorsSources(frameAncestors)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

function checkedAncestor(source: string): string {
  if (source === "'self'" || source === "'none'") return source;
  let url: URL | undefined;
  try {
    url = new URL(source);
  } catch {
    url = undefined;
  }
  const bareOrigin =
    url !== undefined &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.username === '' &&
    url.password === '' &&
    url.pathname === '/' &&
    url.search === '' &&
    url.hash === '' &&
    !/[\s;,*'"]/.test(source);
  if (!url || !bareOrigin) {
    throw new TypeError(
      `frame-ancestors entry is not an http(s) origin: ${JSON.stringify(source.slice(0, 200))}`,
    );
  }
  // The URL parser's serialization, never the input, goes into the header.
  return url.origin;
}
