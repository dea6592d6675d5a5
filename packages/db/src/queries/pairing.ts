import { randomInt } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../client.js';
import { DbError, isDuplicateKeyError } from '../errors.js';
import { newId } from '../ids.js';
import { type DeviceKind, pairingCodes } from '../schema/devices.js';
import { users } from '../schema/users.js';
import { deviceKindSchema, nameSchema, parseInput } from '../validation.js';
import { type Device, insertDevice } from './devices.js';

/** No 0/O, 1/I/L: a code read off a screen and typed on a watch or phone must not be ambiguous. */
export const PAIRING_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const PAIRING_CODE_LENGTH = 8;
export const PAIRING_CODE_TTL_MS = 10 * 60 * 1000;

const CODE_PATTERN = new RegExp(`^[${PAIRING_CODE_ALPHABET}]{${PAIRING_CODE_LENGTH}}$`);

function randomCode(): string {
  let code = '';
  for (let i = 0; i < PAIRING_CODE_LENGTH; i += 1) {
    code += PAIRING_CODE_ALPHABET[randomInt(PAIRING_CODE_ALPHABET.length)];
  }
  return code;
}

/** Upper-cases and drops spaces and dashes, so `abcd-efgh` and `ABCDEFGH` are the same code. */
export function normalizePairingCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

/** A new single-use code that pairs one device to `userId` within 10 minutes. */
export async function createPairingCode(
  db: Executor,
  input: { userId: string },
  now = new Date(),
): Promise<{ code: string; expiresAt: Date }> {
  const [owner] = await db
    .select({ deletedAt: users.deletedAt })
    .from(users)
    .where(eq(users.id, input.userId));
  if (!owner || owner.deletedAt) {
    throw new DbError('not_found', `No active user has the id ${input.userId}.`);
  }
  const expiresAt = new Date(now.getTime() + PAIRING_CODE_TTL_MS);
  // 31^8 codes make a clash with another unused code rare; retrying a few times makes it moot.
  for (let attempt = 1; ; attempt += 1) {
    const code = randomCode();
    try {
      await db
        .insert(pairingCodes)
        .values({ id: newId('pc'), code, userId: input.userId, createdAt: now, expiresAt });
      return { code, expiresAt };
    } catch (error) {
      if (!isDuplicateKeyError(error) || attempt >= 5) throw error;
    }
  }
}

const redeemInput = z.object({ name: nameSchema, kind: deviceKindSchema });

/**
 * Exchanges a pairing code for a new device and its token, once: the code is locked, checked,
 * marked used and the device created in one transaction, so two devices racing for one code
 * get one success and one `pairing_code_used`.
 */
export async function redeemPairingCode(
  db: Executor,
  input: { code: string; name: string; kind: DeviceKind },
  now = new Date(),
): Promise<{ device: Device; token: string }> {
  const { name, kind } = parseInput(redeemInput, input);
  const code = normalizePairingCode(input.code);
  if (!CODE_PATTERN.test(code)) {
    throw new DbError('pairing_code_invalid', 'That pairing code is not valid.');
  }
  return db.transaction(async (tx) => {
    const [unused] = await tx
      .select()
      .from(pairingCodes)
      .where(and(eq(pairingCodes.code, code), isNull(pairingCodes.usedAt)))
      .for('update');
    if (!unused) {
      const [used] = await tx
        .select({ id: pairingCodes.id })
        .from(pairingCodes)
        .where(eq(pairingCodes.code, code))
        .orderBy(desc(pairingCodes.createdAt))
        .limit(1);
      throw used
        ? new DbError('pairing_code_used', 'That pairing code was already used; ask for a new one.')
        : new DbError('pairing_code_invalid', 'That pairing code is not valid.');
    }
    if (unused.expiresAt.getTime() <= now.getTime()) {
      throw new DbError(
        'pairing_code_expired',
        'That pairing code has expired; ask for a new one.',
      );
    }
    const paired = await insertDevice(tx, { userId: unused.userId, name, kind }, now);
    await tx
      .update(pairingCodes)
      .set({ usedAt: now, deviceId: paired.device.id })
      .where(eq(pairingCodes.id, unused.id));
    return paired;
  });
}
