/**
 * Removes the named cookies from a `Cookie` header value. The hub's visitor cookie
 * proves who the visitor is; a notebook server (which runs the visitor's own code) must
 * never see it, or that code could replay it. Other cookies, such as Jupyter's `_xsrf`,
 * pass untouched.
 *
 * Names are compared exactly after trimming, as the hub's cookie reader does.
 * Returns `undefined` when no cookie is left, so the header can be dropped.
 */
export function stripCookies(header: string, names: readonly string[]): string | undefined {
  if (!names.some((name) => header.includes(name))) return header;
  const kept: string[] = [];
  for (const part of header.split(';')) {
    const pair = part.trim();
    if (pair === '') continue;
    const equalsAt = pair.indexOf('=');
    const name = (equalsAt === -1 ? pair : pair.slice(0, equalsAt)).trim();
    if (!names.includes(name)) kept.push(pair);
  }
  return kept.length === 0 ? undefined : kept.join('; ');
}

/**
 * Whether a `Set-Cookie` header value sets one of the named cookies. Upstream must not
 * be able to overwrite or delete the hub's own cookie.
 */
export function setsCookieNamed(setCookie: string, names: readonly string[]): boolean {
  const equalsAt = setCookie.indexOf('=');
  const name = (equalsAt === -1 ? setCookie.split(';')[0]! : setCookie.slice(0, equalsAt)).trim();
  return names.includes(name);
}
