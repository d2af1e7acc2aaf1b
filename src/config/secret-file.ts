/**
 * Secret files (`<VARIABLE>_FILE`, and those the hub keeps in `<data>/secrets/`) must be
 * readable by the hub's user only: a key that another local user can read signs that
 * user into every session, or into the admin API.
 */
import { statSync } from 'node:fs';

/** Why `path` may not hold a secret (any group or other permission bit set), or null when it may (or does not exist). */
export function secretFileProblem(path: string): string | null {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    return null; // A file that cannot be read at all is reported by its reader.
  }
  if ((mode & 0o077) === 0) return null;
  const octal = (mode & 0o777).toString(8).padStart(4, '0');
  return `${path} is open to other users (mode ${octal}); a secret must be readable by the hub's user only; run: chmod 600 ${path}`;
}
