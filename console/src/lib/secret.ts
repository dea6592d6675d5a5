import 'server-only';

/** A development secret, so `npm start` works from a fresh clone; set NEXTAUTH_SECRET in production. */
const DEV_SECRET = 'tagtime-development-secret-change-me-in-production';

export function consoleSecret(): string {
  return process.env.NEXTAUTH_SECRET ?? DEV_SECRET;
}
