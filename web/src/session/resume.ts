/**
 * Remembers this tab's session per notebook (sessionStorage), so a reload re-attaches
 * to the running session instead of launching again, which would replace the visitor's
 * edited copy with the original.
 */

const prefix = 'cnh-session:';

export const resume = {
  get(key: string): string | null {
    try {
      const id = window.sessionStorage.getItem(prefix + key);
      return id && /^[a-f0-9]{24}$/.test(id) ? id : null;
    } catch {
      return null;
    }
  },
  set(key: string, id: string): void {
    try {
      window.sessionStorage.setItem(prefix + key, id);
    } catch {
      // Storage may be blocked (private mode, third-party frame): reloads then show the intro.
    }
  },
  clear(key: string): void {
    try {
      window.sessionStorage.removeItem(prefix + key);
    } catch {
      // As above.
    }
  },
};
