import 'server-only';
import { getUser, verifyPassword } from '@tagtime/db';
import { redirect } from 'next/navigation';
import type { NextAuthOptions } from 'next-auth';
import { getServerSession } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { db } from './lib/db';
import { allowSignIn, clearSignIn } from './lib/rate-limit';
import { consoleSecret } from './lib/secret';

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(1024),
});

export const authOptions: NextAuthOptions = {
  // JWT sessions: no session table to keep, and every page still re-reads the user from MariaDB.
  session: { strategy: 'jwt', maxAge: 30 * 24 * 3600 },
  secret: consoleSecret(),
  pages: { signIn: '/sign-in' },
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      credentials: { email: { type: 'email' }, password: { type: 'password' } },
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        // Limit by email so a guesser cannot try many passwords; the message never says
        // whether the account exists.
        if (!(await allowSignIn(email))) throw new Error('rate_limited');
        const user = await verifyPassword(db(), { email, password });
        if (!user) return null;
        await clearSignIn(email);
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.uid = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.uid) session.user = { ...session.user, id: token.uid } as typeof session.user;
      return session;
    },
  },
};

/** The signed-in, not deleted user, or undefined. */
export async function currentUser() {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (!id) return undefined;
  const user = await getUser(db(), id);
  return user && !user.deletedAt ? user : undefined;
}

/** The signed-in user; sends everyone else to sign-in, and back to `returnTo` after it. */
export async function requireUser(returnTo?: string) {
  const user = await currentUser();
  if (!user)
    redirect(returnTo ? `/sign-in?callbackUrl=${encodeURIComponent(returnTo)}` : '/sign-in');
  return user;
}
