import { randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../client.js';
import { newId } from '../../ids.js';
import { recoveryCodes } from '../../schema/second-factors.js';
import { hashToken } from '../../tokens.js';

export const RECOVERY_CODE_COUNT = 10;

/** Codes are read aloud and typed: case, spaces and dashes do not matter. */
function normalized(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

/** Kept as tokens are: the SHA-256 of the normalized code. */
function digest(code: string): string {
  return hashToken(normalized(code));
}

/** `xxxxx-xxxxx-xxxxx`: 15 random hex digits, 60 bits. */
function newCode(): string {
  const hex = randomBytes(8).toString('hex').slice(0, 15);
  return `${hex.slice(0, 5)}-${hex.slice(5, 10)}-${hex.slice(10)}`;
}

/**
 * Replaces the user's recovery codes with RECOVERY_CODE_COUNT new ones and answers them: the
 * only time they are readable (only their digests are kept).
 */
export async function regenerateRecoveryCodes(db: Executor, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    await tx.insert(recoveryCodes).values(
      codes.map((code) => ({
        id: newId('rc'),
        userId,
        codeDigest: digest(code),
        createdAt: now,
        usedAt: null,
      })),
    );
  });
  return codes;
}

/** Uses one of the user's recovery codes, once: false for a wrong or used code. */
export async function spendRecoveryCode(
  db: Executor,
  input: { userId: string; code: string; at?: Date },
): Promise<boolean> {
  if (normalized(input.code).length > 64) return false;
  const [result] = await db
    .update(recoveryCodes)
    .set({ usedAt: input.at ?? new Date() })
    .where(
      and(
        eq(recoveryCodes.userId, input.userId),
        eq(recoveryCodes.codeDigest, digest(input.code)),
        isNull(recoveryCodes.usedAt),
      ),
    );
  return result.affectedRows === 1;
}

/** How many unused recovery codes the user holds. */
export async function unusedRecoveryCodes(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return Number(row?.n ?? 0);
}

/** Removes the user's recovery codes (their last second factor went). */
export async function removeRecoveryCodes(db: Executor, userId: string): Promise<void> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}
