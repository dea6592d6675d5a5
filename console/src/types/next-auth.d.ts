import 'next-auth';
import 'next-auth/jwt';

declare module 'next-auth' {
  interface Session {
    user: { id: string; email: string; name: string };
    /** The `sessions` row this sign-in made (server side: the session callback sets it). */
    sessionId?: string;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string;
    /** The `sessions` row; checked on every request. */
    sid?: string;
  }
}
