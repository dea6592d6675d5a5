import { describe, expect, it } from 'vitest';
import {
  endSession,
  endUserSessions,
  isSessionLive,
  startSession,
} from '../src/queries/sessions.js';
import {
  changePassword,
  deleteUser,
  getUser,
  markEmailVerified,
  passwordStamp,
  resetPassword,
  verifyPassword,
} from '../src/queries/users.js';
import { makeUser, PASSWORD } from './fixtures.js';
import { useTestDb } from './test-database.js';

const t = useTestDb();
const DAY = 24 * 3600;

async function sessionsOf(userId: string, count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    ids.push(await startSession(t.db, { userId, maxAgeSeconds: DAY }));
  }
  return ids;
}

const live = (userId: string, sessionId: string) => isSessionLive(t.db, { userId, sessionId });

describe('console sessions', () => {
  it('live until ended, expired, or the user is deleted; never for another user', async () => {
    const user = await makeUser(t.db);
    const other = await makeUser(t.db);
    const [a, b, c] = await sessionsOf(user.id, 3);
    if (!a || !b || !c) throw new Error('no sessions');
    expect(await live(user.id, a)).toBe(true);
    expect(await live(other.id, a)).toBe(false);
    await endSession(t.db, a);
    expect(await live(user.id, a)).toBe(false);
    expect(await live(user.id, b)).toBe(true);
    expect(
      await isSessionLive(t.db, {
        userId: user.id,
        sessionId: b,
        at: new Date(Date.now() + 2 * DAY * 1000),
      }),
    ).toBe(false);
    await deleteUser(t.db, user.id);
    expect(await live(user.id, c)).toBe(false);
  });

  it('sign out everywhere ends them all; a password change all but the one that asked', async () => {
    const user = await makeUser(t.db);
    const [keep, other, third] = await sessionsOf(user.id, 3);
    if (!keep || !other || !third) throw new Error('no sessions');
    await changePassword(t.db, user.id, 'a brand new password', { keepSession: keep });
    expect(await live(user.id, keep)).toBe(true);
    expect(await live(user.id, other)).toBe(false);
    expect(await live(user.id, third)).toBe(false);
    expect(await endUserSessions(t.db, { userId: user.id })).toBe(1);
    expect(await live(user.id, keep)).toBe(false);
  });
});

describe('resetPassword', () => {
  it('works once per link: of concurrent uses exactly one succeeds, and it ends every session', async () => {
    const user = await makeUser(t.db);
    const [session] = await sessionsOf(user.id, 1);
    const fingerprint = (await passwordStamp(t.db, user.id)) ?? '';
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        resetPassword(t.db, { userId: user.id, fingerprint, password: `new password number ${i}` }),
      ),
    );
    expect(attempts.filter(Boolean)).toHaveLength(1);
    const winner = attempts.indexOf(true);
    expect(
      await verifyPassword(t.db, { email: user.email, password: `new password number ${winner}` }),
    ).toBeTruthy();
    expect(await verifyPassword(t.db, { email: user.email, password: PASSWORD })).toBeUndefined();
    expect(await live(user.id, session ?? '')).toBe(false);
    // The link is dead now, and so would be one made before any other password change.
    expect(
      await resetPassword(t.db, { userId: user.id, fingerprint, password: 'yet another one!' }),
    ).toBe(false);
  });

  it('confirms the address, since the link came by mail', async () => {
    const user = await makeUser(t.db);
    expect((await getUser(t.db, user.id))?.emailVerifiedAt).toBeNull();
    const fingerprint = (await passwordStamp(t.db, user.id)) ?? '';
    expect(
      await resetPassword(t.db, { userId: user.id, fingerprint, password: 'reset by mail ok' }),
    ).toBe(true);
    expect((await getUser(t.db, user.id))?.emailVerifiedAt).toBeInstanceOf(Date);
  });
});

describe('markEmailVerified', () => {
  it('confirms once, and only the address the link was made for', async () => {
    const user = await makeUser(t.db);
    expect(
      await markEmailVerified(t.db, { userId: user.id, email: 'someone-else@example.test' }),
    ).toBe(false);
    const both = await Promise.all([
      markEmailVerified(t.db, { userId: user.id, email: user.email }),
      markEmailVerified(t.db, { userId: user.id, email: user.email }),
    ]);
    expect(both.filter(Boolean)).toHaveLength(1);
    expect(await markEmailVerified(t.db, { userId: user.id, email: user.email })).toBe(false);
  });
});
