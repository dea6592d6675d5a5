import 'server-only';
import { beginTotpEnrolment, getTotpSecret, takeTotpStep } from '@tagtime/db';
import { generateSecret, generateURI, verify } from 'otplib';
import { db } from '../db';

/** Codes of the step before and after the current one still count (clocks drift). */
const TOLERANCE_SECONDS = 30;

/** Starts TOTP enrolment: a new secret and the otpauth URI an authenticator app reads. */
export async function startTotp(user: { id: string; email: string }) {
  const secret = generateSecret();
  await beginTotpEnrolment(db(), { userId: user.id, secret });
  const stored = await getTotpSecret(db(), user.id);
  // A confirmed secret is kept: enrolling again needs removing the app first.
  if (stored?.confirmedAt) return undefined;
  return { secret, uri: totpUri(user.email, secret) };
}

export function totpUri(email: string, secret: string): string {
  return generateURI({ issuer: 'TagTime Data', label: email, secret });
}

/**
 * Checks a 6-digit code against the user's secret (confirmed, or with `enrolling`, not yet):
 * each code works once, so a code seen over a shoulder is spent.
 */
export async function checkTotp(userId: string, code: string, enrolling = false): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  const stored = await getTotpSecret(db(), userId);
  if (!stored || (!stored.confirmedAt && !enrolling)) return false;
  const result = await verify({
    secret: stored.secret,
    token: code,
    epochTolerance: TOLERANCE_SECONDS,
    ...(stored.lastTimeStep !== null ? { afterTimeStep: stored.lastTimeStep } : {}),
  }).catch(() => undefined);
  if (!result?.valid || !('timeStep' in result)) return false;
  return takeTotpStep(db(), { userId, timeStep: result.timeStep });
}

/** The user's confirmed authenticator app, if any. */
export async function getTotpSecretFor(userId: string) {
  const stored = await getTotpSecret(db(), userId);
  return stored?.confirmedAt ? stored : undefined;
}
