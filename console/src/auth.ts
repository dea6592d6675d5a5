import 'server-only';
import {
  accessGranted,
  endSession,
  getUser,
  isSessionLive,
  type SessionAccess,
  sessionAccess,
  startSession,
  verifyPassword,
} from '@tagtime/db';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { NextAuthOptions } from 'next-auth';
import { getServerSession } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { cache } from 'react';
import { z } from 'zod';
import { confirmByLink } from './lib/account-mail';
import { db } from './lib/db';
import { RETURN_TO_HEADER, safeReturnPath, secondFactorPath, signInPath } from './lib/return-path';
import { consoleSecret } from './lib/secret';
import { signInAttempt, signInFailed, signInSucceeded, signInWait } from './lib/sign-in-limits';

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(1024),
});

const SESSION_MAX_AGE = 30 * 24 * 3600;

/** The error code of a sign-in that failed behind the form (MariaDB or Redis down). */
export const SIGN_IN_UNAVAILABLE = 'unavailable';

/**
 * Runs a sign-in's reads and writes. next-auth puts an authorize error's message in the answer's
 * URL, and a driver's message is the SQL with the typed address: a failure becomes the code
 * `unavailable` alone, and the server's log gets the driver's code, never its text.
 */
export async function unlessUnavailable<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    console.error(`[console] ${what} failed: ${failureCode(error)}`);
    throw new Error(SIGN_IN_UNAVAILABLE);
  }
}

/** A failure's code (ECONNREFUSED, ER_…) or class name: what an operator needs, no data. */
function failureCode(error: unknown): string {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
    e = e.cause;
  }
  return error instanceof Error ? error.name : typeof error;
}

export const authOptions: NextAuthOptions = {
  // The cookie is a signed JWT naming a `sessions` row; the row is checked on every request, so
  // a session ends at once when the row does, copied cookies included.
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE },
  // Read at request time: `next build` loads this module without the production secrets.
  get secret() {
    return consoleSecret();
  },
  pages: { signIn: '/sign-in' },
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      credentials: { email: { type: 'email' }, password: { type: 'password' } },
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const outcome = await unlessUnavailable('sign-in', async () => {
          const attempt = await signInAttempt(email);
          const wait = await signInWait(attempt);
          if (wait > 0) return { wait };
          const user = await verifyPassword(db(), { email, password });
          // An account signs in once its address is confirmed (by the link mailed at sign-up);
          // until then it answers like a wrong password, so sign-up reveals no accounts.
          if (!user?.emailVerifiedAt) {
            await signInFailed(attempt);
            return { user: null };
          }
          await signInSucceeded(attempt);
          return { user: { id: user.id, email: user.email, name: user.name } };
        });
        // The form turns this into "try again in …"; it says nothing about the account.
        if ('wait' in outcome) throw new Error(`rate_limited:${outcome.wait}`);
        return outcome.user;
      },
    }),
    CredentialsProvider({
      id: 'email-link',
      name: 'Confirmation link',
      credentials: { token: { type: 'text' } },
      async authorize(raw) {
        const token = typeof raw?.token === 'string' ? raw.token : '';
        return unlessUnavailable('sign-in by link', async () => {
          // Confirms the address and signs in, once per link: a second use finds it confirmed.
          const user = token.length <= 4096 ? await confirmByLink(token) : undefined;
          if (!user) return null;
          await signInSucceeded(await signInAttempt(user.email));
          return { id: user.id, email: user.email, name: user.name };
        });
      },
    }),
  ],
  callbacks: {
    // Only this site: a callbackUrl naming another origin lands on the home page instead.
    redirect({ url, baseUrl }) {
      if (url.startsWith(baseUrl)) return `${baseUrl}${safeReturnPath(url.slice(baseUrl.length))}`;
      return `${baseUrl}${safeReturnPath(url)}`;
    },
    async jwt({ token, user }) {
      if (user) {
        const request = await headers();
        const sid = await startSession(db(), {
          userId: user.id,
          maxAgeSeconds: SESSION_MAX_AGE,
          userAgent: request.get('user-agent') ?? undefined,
          address: request.get('x-forwarded-for')?.split(',')[0]?.trim(),
        });
        return { ...token, uid: user.id, sid };
      }
      if (!token.uid || !token.sid) return {};
      // An ended session yields a token naming nobody: the visitor is signed out.
      return (await isSessionLive(db(), { sessionId: token.sid, userId: token.uid })) ? token : {};
    },
    session({ session, token }) {
      if (token.uid && token.sid) {
        session.user = { ...session.user, id: token.uid } as typeof session.user;
        session.sessionId = token.sid;
      }
      return session;
    },
  },
  events: {
    async signOut({ token }) {
      if (token?.sid) await endSession(db(), token.sid);
    },
  },
};

/**
 * The signed-in, not deleted user and their session, whether or not the session has passed the
 * second factor it needs: for the second-factor pages only (everything else: currentSession).
 * Once per request (React's cache): the layout, the page and the guards ask it in turn.
 */
export const pendingSession = cache(async () => {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (!id || !session.sessionId) return undefined;
  const sessionId = session.sessionId;
  const [user, access] = await Promise.all([
    getUser(db(), id),
    sessionAccess(db(), { sessionId, userId: id }),
  ]);
  if (!user || user.deletedAt || !access) return undefined;
  return { user, sessionId, access };
});

export interface SignedInSession {
  user: NonNullable<Awaited<ReturnType<typeof getUser>>>;
  sessionId: string;
  access: SessionAccess;
}

/**
 * The signed-in, not deleted user and the id of their session, or undefined. A session that
 * needs a second factor (staff, or a person who turned one on) counts only once it passed it:
 * this is the verified claim every guard and page relies on.
 */
export async function currentSession(): Promise<SignedInSession | undefined> {
  const session = await pendingSession();
  return session && accessGranted(session.access) ? session : undefined;
}

/** The signed-in, not deleted user, or undefined. */
export async function currentUser() {
  return (await currentSession())?.user;
}

/**
 * The signed-in user; sends everyone else to sign-in, and back afterwards to `returnTo` or, by
 * default, to the page they asked for (the proxy names it), so deep links survive sign-in.
 */
export async function requireUser(returnTo?: string) {
  const session = await pendingSession();
  const back = returnTo ?? (await headers()).get(RETURN_TO_HEADER) ?? '/';
  if (!session) redirect(signInPath(back));
  // Signed in with the password only: the second factor (or, for staff, enrolling one) first.
  if (!accessGranted(session.access)) redirect(secondFactorPath(back));
  return session.user;
}
