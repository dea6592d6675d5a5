import 'server-only';
import { cookies } from 'next/headers';
import { routes } from '@/config/routes';

/**
 * The reason a staff member gave for opening a user, kept for the visit: a session cookie
 * scoped to that user's staff pages (and their API routes under them), so a new visit (a new
 * browser session) or another user asks again. Every read of the user's data carries it into
 * the audit trail. It is the staff member's own statement, not a permission: the staff role is
 * checked on every request regardless.
 */
const PREFIX = 'tt_reason_';
export const MAX_REASON_LENGTH = 500;

function cookieName(userId: string): string {
  return `${PREFIX}${userId}`;
}

export async function visitReason(userId: string): Promise<string | undefined> {
  const value = (await cookies()).get(cookieName(userId))?.value;
  if (!value) return undefined;
  try {
    const reason = decodeURIComponent(value).trim();
    return reason === '' ? undefined : reason.slice(0, MAX_REASON_LENGTH);
  } catch {
    return undefined;
  }
}

export async function rememberVisitReason(userId: string, reason: string): Promise<void> {
  (await cookies()).set(cookieName(userId), encodeURIComponent(reason), {
    path: routes.staffUser(userId),
    httpOnly: true,
    sameSite: 'lax',
    secure:
      process.env.NODE_ENV === 'production' && !!process.env.NEXTAUTH_URL?.startsWith('https'),
  });
}
