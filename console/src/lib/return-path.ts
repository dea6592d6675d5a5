/**
 * Where to go after sign-in: a path on this site, or `/`. Anything that could leave the site
 * is refused — absolute URLs (`http://evil.test/`), protocol-relative ones (`//evil.test`),
 * and backslashes, which browsers read as slashes (`/\evil.test`) — as are control
 * characters, which browsers strip before parsing.
 */
export function safeReturnPath(raw: string | null | undefined): string {
  if (!raw || raw.length > 2048 || !raw.startsWith('/')) return '/';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  if (raw.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(raw)) return '/';
  const base = 'http://same-origin.invalid';
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return '/';
  }
  if (url.origin !== base) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in page that comes back to `returnTo` afterwards. */
export function signInPath(returnTo: string | undefined): string {
  const path = safeReturnPath(returnTo);
  return path === '/' ? '/sign-in' : `/sign-in?callbackUrl=${encodeURIComponent(path)}`;
}

/** The second-factor step of sign-in, coming back to `returnTo` afterwards. */
export function secondFactorPath(returnTo: string | undefined): string {
  const path = safeReturnPath(returnTo);
  const base = '/sign-in/second-factor';
  return path === '/' ? base : `${base}?callbackUrl=${encodeURIComponent(path)}`;
}

/** The request header through which the proxy tells pages their own path. */
export const RETURN_TO_HEADER = 'x-tagtime-return-to';
