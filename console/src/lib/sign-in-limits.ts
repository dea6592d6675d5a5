import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { cookies, headers } from 'next/headers';
import { addressKey, count, forget, waitSeconds } from './rate-limit';
import { readToken, signToken } from './tokens';

/**
 * Sign-in is limited without letting a stranger lock anyone out. Password guesses from one
 * address are limited (whatever the account), and so are guesses at one account from one
 * address and, more loosely, from everywhere: all with backoff. A browser that signed in to an
 * account before carries a signed cookie saying so, and is exempt from the account-wide limit:
 * a botnet guessing at an account slows down everyone new, never the owner's own browsers.
 * Counts are by email, whether or not it has an account, so they reveal nothing.
 */

const DEVICE_COOKIE = 'tagtime-device';
const emailKey = (email: string) => createHash('sha256').update(email).digest('hex').slice(0, 32);

export interface SignInAttempt {
  email: string;
  address: string;
  /** Set when this browser signed in to this account before. */
  knownDevice: string | undefined;
}

/** Who is trying: the email, the client's address (see server.mjs) and the device cookie. */
export async function signInAttempt(email: string): Promise<SignInAttempt> {
  const address = (await headers()).get('x-forwarded-for') ?? '';
  const cookie = (await cookies()).get(DEVICE_COOKIE)?.value;
  const claims = cookie ? await readToken('device', cookie) : undefined;
  const knownDevice =
    claims?.e === emailKey(email) && typeof claims.d === 'string' ? claims.d : undefined;
  return { email, address, knownDevice };
}

const accountAtAddress = (a: SignInAttempt) => `${emailKey(a.email)}@${a.address}`;
const deviceKey = (a: SignInAttempt) => `${emailKey(a.email)}:${a.knownDevice}`;

/** Seconds the attempt must wait before a password is even checked; 0 when it may go ahead. */
export async function signInWait(attempt: SignInAttempt): Promise<number> {
  if (attempt.knownDevice) return waitSeconds('signInFailuresPerKnownDevice', deviceKey(attempt));
  const address = addressKey(attempt.address);
  const waits = await Promise.all([
    address ? waitSeconds('signInFailuresPerAddress', address) : 0,
    waitSeconds('signInFailuresPerAccountAndAddress', accountAtAddress(attempt)),
    waitSeconds('signInFailuresPerAccountUnknownDevices', emailKey(attempt.email)),
  ]);
  return Math.max(...waits);
}

export async function signInFailed(attempt: SignInAttempt): Promise<void> {
  if (attempt.knownDevice) {
    await count('signInFailuresPerKnownDevice', deviceKey(attempt));
    return;
  }
  const address = addressKey(attempt.address);
  if (address) await count('signInFailuresPerAddress', address);
  await count('signInFailuresPerAccountAndAddress', accountAtAddress(attempt));
  await count('signInFailuresPerAccountUnknownDevices', emailKey(attempt.email));
}

/** Clears this browser's failures and marks it as one the account signs in on (a year). */
export async function signInSucceeded(attempt: SignInAttempt): Promise<void> {
  if (attempt.knownDevice) await forget('signInFailuresPerKnownDevice', deviceKey(attempt));
  await forget('signInFailuresPerAccountAndAddress', accountAtAddress(attempt));
  const device = attempt.knownDevice ?? randomBytes(12).toString('base64url');
  (await cookies()).set(
    DEVICE_COOKIE,
    await signToken('device', { e: emailKey(attempt.email), d: device }, '365d'),
    {
      httpOnly: true,
      sameSite: 'lax',
      secure: (process.env.NEXTAUTH_URL ?? '').startsWith('https://'),
      path: '/',
      maxAge: 365 * 24 * 3600,
    },
  );
}
