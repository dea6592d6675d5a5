'use server';

import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { DbError, markSecondFactor, spendRecoveryCode } from '@tagtime/db';
import { z } from 'zod';
import { db } from '@/lib/db';
import { withSignedIn } from '@/lib/guards/action-guards';
import { limitSecondFactor, secondFactorFailed, secondFactorPassed } from '@/lib/rate-limit';
import { checkTotp } from '@/lib/second-factor/totp';
import { passkeySignInOptions, verifyPasskeySignIn } from '@/lib/second-factor/webauthn';
import { codeSchema, passkeyAnswerSchema } from './schema';

const WRONG = 'That code is not right, or was used already. Try the next one.';

/**
 * The second step of sign-in: a code from the authenticator app, or a one-time recovery code.
 * Wrong answers count towards a per-account limit and are audited as refused.
 */
export const verifyCode = withSignedIn(
  codeSchema,
  async ({ method, code }, { user, sessionId, audit }) => {
    await limitSecondFactor(user.id);
    const ok =
      method === 'totp'
        ? await checkTotp(user.id, code)
        : await spendRecoveryCode(db(), { userId: user.id, code });
    audit({
      action: method === 'totp' ? 'second_factor.verify' : 'second_factor.recovery_code_used',
      reason: method === 'totp' ? 'authenticator app' : 'recovery code',
    });
    if (!ok) {
      await secondFactorFailed(user.id);
      throw new DbError('invalid_credentials', WRONG);
    }
    await secondFactorPassed(user.id);
    await markSecondFactor(db(), { sessionId, userId: user.id });
    return { verified: true };
  },
  { audit: 'second_factor.verify' },
);

/** The options for the browser's passkey prompt (its challenge kept on the session). */
export const passkeyChallenge = withSignedIn(z.object({}), async (_input, { user, sessionId }) =>
  passkeySignInOptions(user.id, sessionId),
);

export const verifyPasskey = withSignedIn(
  passkeyAnswerSchema,
  async ({ answer }, { user, sessionId, audit }) => {
    await limitSecondFactor(user.id);
    audit({ reason: 'passkey' });
    const ok = await verifyPasskeySignIn(
      user.id,
      sessionId,
      answer as unknown as AuthenticationResponseJSON,
    );
    if (!ok) {
      await secondFactorFailed(user.id);
      throw new DbError('invalid_credentials', 'That passkey is not one of this account’s.');
    }
    await secondFactorPassed(user.id);
    await markSecondFactor(db(), { sessionId, userId: user.id });
    return { verified: true };
  },
  { audit: 'second_factor.verify' },
);
