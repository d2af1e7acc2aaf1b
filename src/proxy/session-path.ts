/**
 * Which session a request URL belongs to, and whether its path is safe to forward.
 *
 * The proxy forwards the raw URL unchanged, so the upstream notebook server decodes it
 * itself. Anything that could decode into a step out of `{basePath}user/<id>/` — a `..`
 * segment, a backslash, an encoded dot, slash or backslash at any encoding depth — is
 * refused here, before any route is looked up.
 */

/** Where a request URL points, as far as the proxy is concerned. */
export type SessionPathMatch =
  /** Not under `{basePath}user/`: one of the hub's own routes. */
  | { readonly kind: 'outside' }
  /** Under the prefix, but with a bad session id or a path that could escape it. */
  | { readonly kind: 'rejected' }
  | { readonly kind: 'session'; readonly sessionId: string };

const OUTSIDE: SessionPathMatch = Object.freeze({ kind: 'outside' });
const REJECTED: SessionPathMatch = Object.freeze({ kind: 'rejected' });

const SESSION_ID = /^[a-z0-9]{1,40}$/;

/**
 * Escapes a decoder may turn into a path separator or a dot: `%2e` `.`, `%2f` `/`,
 * `%5c` `\`, `%00`, and the overlong UTF-8 forms of `.` and `/` (`%c0%ae`, `%e0%80%ae`,
 * `%f0%80%80%ae`) that lenient decoders have accepted in the past.
 */
const DANGEROUS_ESCAPE = /%(?:2e|2f|5c|00|c0|c1|e0%[89]|f0%8)/i;

/** Legitimate clients encode once (a literal `%` becomes `%25`); three rounds is generous. */
const MAX_DECODE_ROUNDS = 3;

/**
 * Classifies `url` (a raw request target such as `/user/abc/api/status?x=1`) against
 * `userPrefix` (`{basePath}user/`). The session id is the first segment after the
 * prefix and must match `^[a-z0-9]{1,40}$`.
 */
export function matchSessionPath(url: string, userPrefix: string): SessionPathMatch {
  if (!url.startsWith(userPrefix)) return OUTSIDE;
  const queryAt = url.indexOf('?', userPrefix.length);
  const path = url.slice(userPrefix.length, queryAt === -1 ? url.length : queryAt);
  const slashAt = path.indexOf('/');
  const sessionId = slashAt === -1 ? path : path.slice(0, slashAt);
  if (!SESSION_ID.test(sessionId) || !isContainedPath(path)) return REJECTED;
  return { kind: 'session', sessionId };
}

/**
 * Whether `path` (relative, starting with the session id, without the query) stays
 * below its first segment however many times an upstream percent-decodes it.
 */
export function isContainedPath(path: string): boolean {
  let current = path;
  for (let round = 0; round <= MAX_DECODE_ROUNDS; round++) {
    if (current.includes('\\') || DANGEROUS_ESCAPE.test(current) || hasDotDotSegment(current)) {
      return false;
    }
    if (!current.includes('%')) return true;
    const decoded = percentDecodeBytes(current);
    if (decoded === current) return true;
    current = decoded;
  }
  return false;
}

function hasDotDotSegment(path: string): boolean {
  for (let at = path.indexOf('..'); at !== -1; at = path.indexOf('..', at + 1)) {
    const startsSegment = at === 0 || path[at - 1] === '/';
    const endsSegment = at + 2 === path.length || path[at + 2] === '/';
    if (startsSegment && endsSegment) return true;
  }
  return false;
}

/**
 * Decodes every valid `%XX` to the character with that byte value and leaves anything
 * else alone. Byte-wise is enough: the characters that matter here are ASCII, and no
 * byte of a multi-byte UTF-8 sequence is ASCII.
 */
function percentDecodeBytes(text: string): string {
  return text.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}
