/**
 * Whether this page can keep a cookie like the hub's visitor cookie. Inside another
 * site's frame, browsers refuse `SameSite=Lax` cookies (and, with third-party cookies
 * blocked, even `SameSite=None`): a session started there could never be reached. The
 * probe sets a short-lived cookie with the visitor cookie's SameSite and reads it back.
 */
export function cookiesWork(sameSite: string, path: string): boolean {
  const attributes =
    sameSite === 'none' ? 'SameSite=None; Secure; Partitioned' : `SameSite=${sameSite}`;
  const name = 'cnh_probe';
  try {
    document.cookie = `${name}=1; Path=${path}; Max-Age=10; ${attributes}`;
    const works = document.cookie.split(';').some((c) => c.trim() === `${name}=1`);
    document.cookie = `${name}=; Path=${path}; Max-Age=0; ${attributes}`;
    return works;
  } catch {
    return false;
  }
}
