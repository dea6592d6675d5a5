import { describe, expect, it } from 'vitest';
import { isDbError } from '../src/errors.js';
import { authenticateDeviceToken, createDevice, listDevices } from '../src/queries/devices.js';
import {
  createPairingCode,
  normalizePairingCode,
  PAIRING_CODE_ALPHABET,
  PAIRING_CODE_TTL_MS,
  redeemPairingCode,
} from '../src/queries/pairing.js';
import { deleteUser } from '../src/queries/users.js';
import { makeUser } from './fixtures.js';
import { useTestDb } from './test-database.js';

const t = useTestDb();

describe('createPairingCode', () => {
  it('makes an 8-character code of the unambiguous alphabet that expires in 10 minutes', async () => {
    const user = await makeUser(t.db);
    const now = new Date('2030-03-03T10:00:00.000Z');
    const { code, expiresAt } = await createPairingCode(t.db, { userId: user.id }, now);
    expect(code).toMatch(new RegExp(`^[${PAIRING_CODE_ALPHABET}]{8}$`));
    expect(code).not.toMatch(/[01ILO]/);
    expect(expiresAt.getTime() - now.getTime()).toBe(10 * 60 * 1000);
  });

  it('refuses unknown and deleted users', async () => {
    await expect(createPairingCode(t.db, { userId: 'usr_nobody' })).rejects.toSatisfy((error) =>
      isDbError(error, 'not_found'),
    );
    const user = await makeUser(t.db);
    await deleteUser(t.db, user.id);
    await expect(createPairingCode(t.db, { userId: user.id })).rejects.toSatisfy((error) =>
      isDbError(error, 'not_found'),
    );
  });
});

describe('redeemPairingCode', () => {
  it('pairs a device to the code’s user and returns a working token', async () => {
    const user = await makeUser(t.db);
    const { code } = await createPairingCode(t.db, { userId: user.id });
    const typed = `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`;
    expect(normalizePairingCode(typed)).toBe(code);
    const { device, token } = await redeemPairingCode(t.db, {
      code: typed,
      name: 'Watch',
      kind: 'watch',
    });
    expect(device).toMatchObject({
      userId: user.id,
      name: 'Watch',
      kind: 'watch',
      revokedAt: null,
    });
    expect(await authenticateDeviceToken(t.db, token)).toEqual({
      deviceId: device.id,
      userId: user.id,
      name: 'Watch',
      kind: 'watch',
    });
  });

  it('refuses a code used before with pairing_code_used', async () => {
    const user = await makeUser(t.db);
    const { code } = await createPairingCode(t.db, { userId: user.id });
    await redeemPairingCode(t.db, { code, name: 'First', kind: 'phone' });
    await expect(
      redeemPairingCode(t.db, { code, name: 'Second', kind: 'phone' }),
    ).rejects.toSatisfy((error) => isDbError(error, 'pairing_code_used'));
    expect(await listDevices(t.db, user.id)).toHaveLength(1);
  });

  it('lets exactly one of two simultaneous redemptions win', async () => {
    const user = await makeUser(t.db);
    const { code } = await createPairingCode(t.db, { userId: user.id });
    const results = await Promise.allSettled([
      redeemPairingCode(t.db, { code, name: 'Racer 1', kind: 'web' }),
      redeemPairingCode(t.db, { code, name: 'Racer 2', kind: 'web' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [failure] = results.filter((r) => r.status === 'rejected');
    expect(isDbError(failure?.reason, 'pairing_code_used')).toBe(true);
    expect(await listDevices(t.db, user.id)).toHaveLength(1);
  });

  it('refuses an expired code with pairing_code_expired and pairs nothing', async () => {
    const user = await makeUser(t.db);
    const created = new Date('2030-01-01T00:00:00.000Z');
    const { code } = await createPairingCode(t.db, { userId: user.id }, created);
    const justBefore = new Date(created.getTime() + PAIRING_CODE_TTL_MS - 1);
    const atExpiry = new Date(created.getTime() + PAIRING_CODE_TTL_MS);
    await expect(
      redeemPairingCode(t.db, { code, name: 'Late', kind: 'cli' }, atExpiry),
    ).rejects.toSatisfy((error) => isDbError(error, 'pairing_code_expired'));
    expect(await listDevices(t.db, user.id)).toHaveLength(0);
    const { device } = await redeemPairingCode(
      t.db,
      { code, name: 'Just in time', kind: 'cli' },
      justBefore,
    );
    expect(device.userId).toBe(user.id);
  });

  it('refuses unknown and malformed codes with pairing_code_invalid', async () => {
    for (const code of ['ABCDEFGH', 'short', 'O0O0O0O0', '']) {
      await expect(redeemPairingCode(t.db, { code, name: 'X', kind: 'web' })).rejects.toSatisfy(
        (error) => isDbError(error, 'pairing_code_invalid'),
      );
    }
  });

  it('refuses past the plan’s device limit and leaves the code usable', async () => {
    const user = await makeUser(t.db);
    await createDevice(t.db, { userId: user.id, name: 'One', kind: 'phone' });
    await createDevice(t.db, { userId: user.id, name: 'Two', kind: 'phone' });
    const { code } = await createPairingCode(t.db, { userId: user.id });
    await expect(redeemPairingCode(t.db, { code, name: 'Three', kind: 'watch' })).rejects.toSatisfy(
      (error) => isDbError(error, 'device_limit'),
    );
    const [first] = await listDevices(t.db, user.id);
    await t.handle.pool.query('update devices set revoked_at = now(3) where id = ?', [first?.id]);
    const { device } = await redeemPairingCode(t.db, { code, name: 'Three', kind: 'watch' });
    expect(device.name).toBe('Three');
  });

  it('refuses invalid device names and kinds before touching the code', async () => {
    const user = await makeUser(t.db);
    const { code } = await createPairingCode(t.db, { userId: user.id });
    await expect(
      redeemPairingCode(t.db, { code, name: 'x'.repeat(101), kind: 'watch' }),
    ).rejects.toSatisfy((error) => isDbError(error, 'invalid_input'));
    await expect(
      redeemPairingCode(t.db, { code, name: 'ok', kind: 'watch' }),
    ).resolves.toBeTruthy();
  });
});
