import { describe, expect, it } from 'vitest';
import { isDbError } from '../src/errors.js';
import { addPasskey, MAX_PASSKEYS, removePasskey } from '../src/queries/second-factor/passkeys.js';
import {
  regenerateRecoveryCodes,
  spendRecoveryCode,
  unusedRecoveryCodes,
} from '../src/queries/second-factor/recovery-codes.js';
import {
  beginTotpEnrolment,
  getTotpSecret,
  removeTotp,
  takeTotpStep,
} from '../src/queries/second-factor/totp.js';
import {
  accessGranted,
  endUserSession,
  listUserSessions,
  markSecondFactor,
  sessionAccess,
  setWebauthnChallenge,
  takeWebauthnChallenge,
} from '../src/queries/session-access.js';
import { startSession } from '../src/queries/sessions.js';
import { grantStaffRole } from '../src/queries/staff.js';
import { makeUser } from './fixtures.js';
import { useTestDb } from './test-database.js';

const t = useTestDb();

describe('TOTP secrets', () => {
  it('confirm on the first code, refuse a replayed time step, keep a confirmed secret', async () => {
    const user = await makeUser(t.db);
    await beginTotpEnrolment(t.db, { userId: user.id, secret: 'AAAA' });
    await beginTotpEnrolment(t.db, { userId: user.id, secret: 'BBBB' });
    expect((await getTotpSecret(t.db, user.id))?.secret).toBe('BBBB');
    expect(await takeTotpStep(t.db, { userId: user.id, timeStep: 100 })).toBe(true);
    expect(await takeTotpStep(t.db, { userId: user.id, timeStep: 100 })).toBe(false);
    expect(await takeTotpStep(t.db, { userId: user.id, timeStep: 99 })).toBe(false);
    await beginTotpEnrolment(t.db, { userId: user.id, secret: 'CCCC' });
    const kept = await getTotpSecret(t.db, user.id);
    expect(kept?.secret).toBe('BBBB');
    expect(kept?.confirmedAt).toBeInstanceOf(Date);
    expect(await removeTotp(t.db, user.id)).toBe(true);
    expect(await getTotpSecret(t.db, user.id)).toBeUndefined();
  });
});

describe('recovery codes', () => {
  it('each works once, in any case and spacing; regenerating voids the old ones', async () => {
    const user = await makeUser(t.db);
    const codes = await regenerateRecoveryCodes(t.db, user.id);
    expect(codes).toHaveLength(10);
    const [first, second] = codes as [string, string];
    expect(
      await spendRecoveryCode(t.db, { userId: user.id, code: ` ${first.toUpperCase()} ` }),
    ).toBe(true);
    expect(await spendRecoveryCode(t.db, { userId: user.id, code: first })).toBe(false);
    expect(await unusedRecoveryCodes(t.db, user.id)).toBe(9);
    const other = await makeUser(t.db);
    expect(await spendRecoveryCode(t.db, { userId: other.id, code: second })).toBe(false);
    await regenerateRecoveryCodes(t.db, user.id);
    expect(await spendRecoveryCode(t.db, { userId: user.id, code: second })).toBe(false);
  });
});

describe('passkeys', () => {
  it('are capped per person and removed only by their owner', async () => {
    const user = await makeUser(t.db);
    const key = (i: number) => ({
      userId: user.id,
      credentialId: `cred-${user.id}-${i}`,
      publicKey: 'pk',
      counter: 0,
      transports: ['internal'],
      name: `Key ${i}`,
    });
    const added = [];
    for (let i = 0; i < MAX_PASSKEYS; i += 1) added.push(await addPasskey(t.db, key(i)));
    await expect(addPasskey(t.db, key(99))).rejects.toSatisfy((e) => isDbError(e, 'invalid_input'));
    const stranger = await makeUser(t.db);
    const id = added[0]?.id ?? '';
    expect(await removePasskey(t.db, { userId: stranger.id, id })).toBe(false);
    expect(await removePasskey(t.db, { userId: user.id, id })).toBe(true);
  });
});

describe('session access', () => {
  it('needs a second factor for staff and for enrolled people, once per session', async () => {
    const customer = await makeUser(t.db);
    const staff = await makeUser(t.db);
    await grantStaffRole(t.db, { userId: staff.id, role: 'support' });
    const open = (userId: string) =>
      startSession(t.db, { userId, maxAgeSeconds: 60, userAgent: 'UA', address: '10.0.0.1' });
    const c1 = await open(customer.id);
    expect(accessGranted(await sessionAccess(t.db, { sessionId: c1, userId: customer.id }))).toBe(
      true,
    );
    await beginTotpEnrolment(t.db, { userId: customer.id, secret: 'S' });
    await takeTotpStep(t.db, { userId: customer.id, timeStep: 1 });
    expect(accessGranted(await sessionAccess(t.db, { sessionId: c1, userId: customer.id }))).toBe(
      false,
    );
    await markSecondFactor(t.db, { sessionId: c1, userId: customer.id });
    expect(accessGranted(await sessionAccess(t.db, { sessionId: c1, userId: customer.id }))).toBe(
      true,
    );

    const s1 = await open(staff.id);
    const access = await sessionAccess(t.db, { sessionId: s1, userId: staff.id });
    expect(access).toMatchObject({ staff: true, enrolled: false, secondFactorAt: null });
    expect(accessGranted(access)).toBe(false);
    // Another user's session id proves nothing.
    await markSecondFactor(t.db, { sessionId: s1, userId: customer.id });
    expect(accessGranted(await sessionAccess(t.db, { sessionId: s1, userId: staff.id }))).toBe(
      false,
    );
  });

  it('lists live sessions and ends one by its owner only; a challenge is taken once', async () => {
    const user = await makeUser(t.db);
    const a = await startSession(t.db, {
      userId: user.id,
      maxAgeSeconds: 60,
      userAgent: 'Firefox',
    });
    const b = await startSession(t.db, { userId: user.id, maxAgeSeconds: 60, address: '10.1.1.1' });
    expect((await listUserSessions(t.db, { userId: user.id })).map((s) => s.id).sort()).toEqual(
      [a, b].sort(),
    );
    const stranger = await makeUser(t.db);
    expect(await endUserSession(t.db, { userId: stranger.id, sessionId: b })).toBe(false);
    expect(await endUserSession(t.db, { userId: user.id, sessionId: b })).toBe(true);
    expect((await listUserSessions(t.db, { userId: user.id })).map((s) => s.id)).toEqual([a]);
    expect(await sessionAccess(t.db, { sessionId: b, userId: user.id })).toBeUndefined();
    await setWebauthnChallenge(t.db, { sessionId: a, challenge: 'chal' });
    expect(await takeWebauthnChallenge(t.db, a)).toBe('chal');
    expect(await takeWebauthnChallenge(t.db, a)).toBeUndefined();
  });
});
