'use server';

import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import {
  accessGranted,
  DbError,
  endUserSession,
  endUserSessions,
  listPasskeys,
  markSecondFactor,
  regenerateRecoveryCodes,
  removePasskey as removePasskeyRow,
  removeRecoveryCodes,
  removeTotp as removeTotpRow,
  type SessionAccess,
  unusedRecoveryCodes,
} from '@tagtime/db';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { passkeyRegistrationSchema } from '@/app/(auth)/sign-in/second-factor/schema';
import { currentSession } from '@/auth';
import { db } from '@/lib/db';
import { withSignedIn, withUser } from '@/lib/guards/action-guards';
import { checkTotp, getTotpSecretFor, startTotp } from '@/lib/second-factor/totp';
import { passkeyRegistrationOptions, registerPasskey } from '@/lib/second-factor/webauthn';

/**
 * Enrolling a second factor. A session that passed its second factor may add another; one
 * signed in with a password alone may only add the first (staff are sent here to), never a
 * factor to an account that has one: a stolen password cannot add its own.
 */
function mayEnrol(access: SessionAccess): void {
  if (!accessGranted(access) && access.enrolled) {
    throw new DbError('forbidden', 'Pass your second factor first, then add another.');
  }
}

/**
 * The first factor also gives the recovery codes, shown once. No revalidation here: it would
 * re-render the second-factor step, which moves on once passed, before the codes were read
 * (the form refreshes the page when the person is done).
 */
async function afterEnrolment(userId: string, sessionId: string): Promise<string[] | undefined> {
  await markSecondFactor(db(), { sessionId, userId });
  if ((await unusedRecoveryCodes(db(), userId)) > 0) return undefined;
  return regenerateRecoveryCodes(db(), userId);
}

export const beginTotp = withSignedIn(z.object({}), async (_input, { user, access }) => {
  mayEnrol(access);
  const started = await startTotp(user);
  if (!started) throw new DbError('forbidden', 'An authenticator app is set up; remove it first.');
  return started;
});

export const confirmTotp = withSignedIn(
  z.object({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'Type the 6-digit code.'),
  }),
  async ({ code }, { user, sessionId, access, audit }) => {
    mayEnrol(access);
    audit({ reason: 'authenticator app' });
    if (!(await checkTotp(user.id, code, true))) {
      throw new DbError('invalid_credentials', 'That code does not match. Check the app’s clock.');
    }
    return { recoveryCodes: await afterEnrolment(user.id, sessionId) };
  },
  { audit: 'second_factor.enrolled' },
);

export const beginPasskey = withSignedIn(
  z.object({}),
  async (_input, { user, sessionId, access }) => {
    mayEnrol(access);
    return passkeyRegistrationOptions(user, sessionId);
  },
);

export const finishPasskey = withSignedIn(
  passkeyRegistrationSchema,
  async ({ answer, name }, { user, sessionId, access, audit }) => {
    mayEnrol(access);
    audit({ reason: `passkey “${name}”` });
    const ok = await registerPasskey(
      user.id,
      sessionId,
      answer as unknown as RegistrationResponseJSON,
      name,
    );
    if (!ok) throw new DbError('invalid_input', 'The browser’s answer did not verify. Try again.');
    return { recoveryCodes: await afterEnrolment(user.id, sessionId) };
  },
  { audit: 'second_factor.enrolled' },
);

export const newRecoveryCodes = withUser(
  z.object({}),
  async (_input, { user }) => {
    const factors =
      (await listPasskeys(db(), user.id)).length + ((await getTotpSecretFor(user.id)) ? 1 : 0);
    if (factors === 0) throw new DbError('forbidden', 'Set up a second factor first.');
    return { recoveryCodes: await regenerateRecoveryCodes(db(), user.id) };
  },
  { audit: 'second_factor.recovery_codes_regenerated' },
);

/** Staff keep at least one factor; anyone else removing their last loses the recovery codes. */
async function removeFactor(
  user: { id: string },
  isStaff: boolean,
  remove: () => Promise<boolean>,
): Promise<void> {
  const keys = (await listPasskeys(db(), user.id)).length;
  const totp = (await getTotpSecretFor(user.id)) ? 1 : 0;
  if (isStaff && keys + totp <= 1) {
    throw new DbError(
      'forbidden',
      'Staff keep a second factor: add another before removing this one.',
    );
  }
  if (!(await remove())) throw new DbError('not_found', 'That second factor is gone already.');
  if (keys + totp <= 1) await removeRecoveryCodes(db(), user.id);
  revalidatePath('/profile/security');
}

export const removeTotp = withSignedIn(
  z.object({}),
  async (_input, { user, access, audit }) => {
    if (!accessGranted(access)) throw new DbError('forbidden', 'Pass your second factor first.');
    audit({ reason: 'authenticator app' });
    await removeFactor(user, access.staff, () => removeTotpRow(db(), user.id));
  },
  { audit: 'second_factor.removed' },
);

export const removePasskey = withSignedIn(
  z.object({ id: z.string().min(1).max(32) }),
  async ({ id }, { user, access, audit }) => {
    if (!accessGranted(access)) throw new DbError('forbidden', 'Pass your second factor first.');
    audit({ reason: `passkey ${id}` });
    await removeFactor(user, access.staff, () => removePasskeyRow(db(), { userId: user.id, id }));
  },
  { audit: 'second_factor.removed' },
);

/** Signs out one of the person's other sessions (this one: the sign-out button). */
export const endSessionAction = withUser(
  z.object({ sessionId: z.string().min(1).max(32) }),
  async ({ sessionId }, { user }) => {
    if (!(await endUserSession(db(), { userId: user.id, sessionId }))) {
      throw new DbError('not_found', 'That session has ended already.');
    }
    revalidatePath('/profile/security');
  },
  { audit: 'session.ended' },
);

/** Signs out every other session of the person; this one goes on. */
export const endOtherSessions = withUser(
  z.object({}),
  async (_input, { user }) => {
    const keep = (await currentSession())?.sessionId;
    const ended = await endUserSessions(db(), {
      userId: user.id,
      ...(keep ? { except: keep } : {}),
    });
    revalidatePath('/profile/security');
    return { ended };
  },
  { audit: 'session.ended_others' },
);
