import 'server-only';

/**
 * `next dev` only: a fixed secret so a development server starts with nothing set. A production
 * console never uses it: `server.mjs` refuses to start without NEXTAUTH_SECRET, and this throws
 * if that check is ever bypassed.
 */
const DEVELOPMENT_SECRET = 'tagtime-development-secret-used-by-next-dev-only';

export function consoleSecret(): string {
  const secret = process.env.NEXTAUTH_SECRET;
  if (secret) return secret;
  if (process.env.NODE_ENV === 'development') return DEVELOPMENT_SECRET;
  throw new Error('NEXTAUTH_SECRET is not set: a production console has no fallback secret.');
}
