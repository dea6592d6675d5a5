import { and, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../client.js';
import { totpSecrets } from '../../schema/second-factors.js';

export type TotpSecret = typeof totpSecrets.$inferSelect;

/**
 * Starts (or restarts) TOTP enrolment with a new secret, unconfirmed until a code matches it.
 * A confirmed secret is never replaced this way: it must be removed first.
 */
export async function beginTotpEnrolment(
  db: Executor,
  input: { userId: string; secret: string },
): Promise<boolean> {
  const [result] = await db
    .insert(totpSecrets)
    .values({ userId: input.userId, secret: input.secret, createdAt: new Date() })
    .onDuplicateKeyUpdate({
      // Only an unconfirmed secret is replaced (IF keeps a confirmed row as it was).
      set: {
        secret: sql`IF(${totpSecrets.confirmedAt} IS NULL, VALUES(${totpSecrets.secret}), ${totpSecrets.secret})`,
      },
    });
  return result.affectedRows > 0;
}

/** The user's TOTP secret, confirmed or not. */
export async function getTotpSecret(db: Executor, userId: string): Promise<TotpSecret | undefined> {
  const [row] = await db.select().from(totpSecrets).where(eq(totpSecrets.userId, userId));
  return row;
}

/**
 * Takes a matched code's time step, once: true when no code of this step or a later one was
 * taken before (a replayed code is refused, even by two requests at once), and confirms an
 * enrolment on its first code.
 */
export async function takeTotpStep(
  db: Executor,
  input: { userId: string; timeStep: number; at?: Date },
): Promise<boolean> {
  const [result] = await db
    .update(totpSecrets)
    .set({
      lastTimeStep: input.timeStep,
      confirmedAt: sql`COALESCE(${totpSecrets.confirmedAt}, ${input.at ?? new Date()})`,
    })
    .where(
      and(
        eq(totpSecrets.userId, input.userId),
        or(isNull(totpSecrets.lastTimeStep), lt(totpSecrets.lastTimeStep, input.timeStep)),
      ),
    );
  return result.affectedRows === 1;
}

/** Removes the user's authenticator app; answers whether there was a confirmed one. */
export async function removeTotp(db: Executor, userId: string): Promise<boolean> {
  const [result] = await db
    .delete(totpSecrets)
    .where(and(eq(totpSecrets.userId, userId), isNotNull(totpSecrets.confirmedAt)));
  return result.affectedRows > 0;
}
