// TOTP codes as an authenticator app makes them, for staff who sign in with a second factor.
// The console takes each time step once (a replayed code is refused) and accepts the steps
// either side of now, so a test that signs the same person in twice takes the next step.
import { generate } from 'otplib';

const STEP = 30;
const used = new Map<string, Set<number>>();

/** A code of a step not used yet by this worker for `secret` (waits when all are spent). */
export async function totpCode(secret: string): Promise<string> {
  for (;;) {
    const now = Math.floor(Date.now() / 1000 / STEP);
    const spent = used.get(secret) ?? new Set<number>();
    used.set(secret, spent);
    // The step before now is left alone: by the time the code arrives it may be out of the window.
    const step = [now, now + 1].find((candidate) => !spent.has(candidate));
    if (step !== undefined) {
      spent.add(step);
      return generate({ secret, epoch: step * STEP + 1 });
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}
