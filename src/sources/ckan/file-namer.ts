/**
 * Names for files written into a session's workspace from names chosen by portal
 * users: no path separators, no `.`/`..`, no hidden or control characters, bounded
 * length, and no two files with the same name (compared case-insensitively, so the
 * folder survives a copy to a case-insensitive disk).
 */
const maxNameLength = 100;

/** One safe path segment for `raw`, or `fallback` when nothing usable is left. */
export function safeFileName(raw: string, fallback: string): string {
  const cleaned = raw
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._()-]+/gu, '_')
    .replace(/[\s_]*_[\s_]*/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s._-]+/, '')
    .replace(/[\s.]+$/, '');
  if (!cleaned) return fallback;
  if (cleaned.length <= maxNameLength) return cleaned;
  const ext = /\.[\p{L}\p{N}]{1,10}$/u.exec(cleaned)?.[0] ?? '';
  return cleaned.slice(0, maxNameLength - ext.length).replace(/[\s.]+$/, '') + ext;
}

export class FileNamer {
  private readonly taken = new Set<string>();

  /** `reserved` names are never handed out (e.g. MANIFEST.json). */
  constructor(reserved: readonly string[] = []) {
    for (const name of reserved) this.taken.add(name.toLowerCase());
  }

  /**
   * A safe name not handed out before: `preferred` cleaned, given `.extension` when it
   * has none, and numbered (`name-2.csv`) on a collision.
   */
  take(preferred: string, fallback: string, extension = ''): string {
    let name = safeFileName(preferred, fallback);
    const ext = extension
      .replace(/[^a-z0-9]/gi, '')
      .slice(0, 10)
      .toLowerCase();
    if (ext && !/\.[\p{L}\p{N}]{1,10}$/u.test(name)) name = `${name}.${ext}`;
    const dot = name.lastIndexOf('.');
    const [stem, suffix] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let candidate = name;
    for (let n = 2; this.taken.has(candidate.toLowerCase()); n++)
      candidate = `${stem}-${n}${suffix}`;
    this.taken.add(candidate.toLowerCase());
    return candidate;
  }
}
