import 'server-only';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** Five sign-in attempts per email per 15 minutes, in this process's memory. */
const signIn = new RateLimiterMemory({ keyPrefix: 'sign-in', points: 5, duration: 15 * 60 });

/** Counts a sign-in attempt; false when the email has used up its window. */
export async function allowSignIn(email: string): Promise<boolean> {
  try {
    await signIn.consume(email);
    return true;
  } catch (error) {
    if (error instanceof RateLimiterRes) return false;
    throw error;
  }
}

/** A successful sign-in clears the count. */
export async function clearSignIn(email: string): Promise<void> {
  await signIn.delete(email);
}
