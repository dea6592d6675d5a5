import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../client.js';
import { DbError } from '../../errors.js';
import { newId } from '../../ids.js';
import { passkeys } from '../../schema/second-factors.js';

export type Passkey = typeof passkeys.$inferSelect;

/** A person may hold this many passkeys: enough for every device, few enough to list. */
export const MAX_PASSKEYS = 10;

export async function listPasskeys(db: Executor, userId: string): Promise<Passkey[]> {
  return db.select().from(passkeys).where(eq(passkeys.userId, userId)).orderBy(passkeys.createdAt);
}

/** The passkey with this credential id (any user's: sign-in looks it up, then checks the user). */
export async function findPasskey(
  db: Executor,
  credentialId: string,
): Promise<Passkey | undefined> {
  const [row] = await db.select().from(passkeys).where(eq(passkeys.credentialId, credentialId));
  return row;
}

/** Stores a verified registration; DbError `invalid_input` past MAX_PASSKEYS. */
export async function addPasskey(
  db: Executor,
  input: {
    userId: string;
    credentialId: string;
    publicKey: string;
    counter: number;
    transports: string[];
    name: string;
  },
): Promise<Passkey> {
  const held = await listPasskeys(db, input.userId);
  if (held.length >= MAX_PASSKEYS) {
    throw new DbError('invalid_input', `You hold ${MAX_PASSKEYS} passkeys; remove one first.`);
  }
  const row = {
    id: newId('pk'),
    userId: input.userId,
    credentialId: input.credentialId,
    publicKey: input.publicKey,
    counter: input.counter,
    transports: input.transports.join(',').slice(0, 200) || null,
    name: input.name.slice(0, 100),
    createdAt: new Date(),
    lastUsedAt: null,
  };
  await db.insert(passkeys).values(row);
  return row;
}

/** Records a passkey sign-in: its new signature counter and when. */
export async function recordPasskeyUse(
  db: Executor,
  input: { id: string; counter: number; at?: Date },
): Promise<void> {
  await db
    .update(passkeys)
    .set({ counter: input.counter, lastUsedAt: input.at ?? new Date() })
    .where(eq(passkeys.id, input.id));
}

/** Removes one of the user's passkeys; answers whether it was theirs and is gone. */
export async function removePasskey(
  db: Executor,
  input: { userId: string; id: string },
): Promise<boolean> {
  const [result] = await db
    .delete(passkeys)
    .where(and(eq(passkeys.id, input.id), eq(passkeys.userId, input.userId)));
  return result.affectedRows > 0;
}
