import { describe, expect, it } from 'vitest';
import { isDbError } from '../src/errors.js';
import { DEVICE_ID_PATTERN } from '../src/ids.js';
import { FREE_PLAN } from '../src/plan-catalogue.js';
import {
  activeDeviceIds,
  authenticateDeviceToken,
  createDevice,
  ensureConsoleDevice,
  getDevice,
  listDevices,
  planDeviceUsage,
  renameDevice,
  revokeDevice,
  touchDevice,
} from '../src/queries/devices.js';
import { deviceLimitForUser } from '../src/queries/limits.js';
import { generateDeviceToken, hashToken } from '../src/tokens.js';
import { makeUser } from './fixtures.js';
import { useTestDb } from './test-database.js';

const t = useTestDb();

describe('device tokens', () => {
  it('are 256 random bits in base64url behind ttd_, hashed with SHA-256', () => {
    const token = generateDeviceToken();
    expect(token).toMatch(/^ttd_[A-Za-z0-9_-]{43}$/);
    expect(generateDeviceToken()).not.toBe(token);
    expect(hashToken('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

describe('createDevice and authenticateDeviceToken', () => {
  it('returns a token once, stores only its hash, and authenticates with it', async () => {
    const user = await makeUser(t.db);
    const { device, token } = await createDevice(t.db, {
      userId: user.id,
      name: 'Wrist',
      kind: 'watch',
    });
    expect(device.id).toMatch(DEVICE_ID_PATTERN);
    expect(device.id).toMatch(/^dev_/);
    expect(device).not.toHaveProperty('tokenHash');
    expect(await authenticateDeviceToken(t.db, token)).toEqual({
      deviceId: device.id,
      userId: user.id,
      name: 'Wrist',
      kind: 'watch',
    });
    const [stored] = await t.handle.pool.query(
      'select token_hash as tokenHash from devices where id = ?',
      [device.id],
    );
    expect(stored).toEqual([{ tokenHash: hashToken(token) }]);
  });

  it('does not authenticate unknown, empty or revoked tokens', async () => {
    const user = await makeUser(t.db);
    const { device, token } = await createDevice(t.db, {
      userId: user.id,
      name: 'CLI',
      kind: 'cli',
    });
    expect(await authenticateDeviceToken(t.db, generateDeviceToken())).toBeUndefined();
    expect(await authenticateDeviceToken(t.db, '')).toBeUndefined();
    await revokeDevice(t.db, device.id);
    expect(await authenticateDeviceToken(t.db, token)).toBeUndefined();
  });

  it('refuses an unknown kind or an empty name', async () => {
    const user = await makeUser(t.db);
    await expect(
      createDevice(t.db, { userId: user.id, name: 'X', kind: 'toaster' as 'web' }),
    ).rejects.toSatisfy((error) => isDbError(error, 'invalid_input'));
    await expect(createDevice(t.db, { userId: user.id, name: '', kind: 'web' })).rejects.toSatisfy(
      (error) => isDbError(error, 'invalid_input'),
    );
  });

  it('refuses a device for an unknown user', async () => {
    await expect(
      createDevice(t.db, { userId: 'usr_nobody', name: 'X', kind: 'web' }),
    ).rejects.toSatisfy((error) => isDbError(error, 'not_found'));
  });

  it('enforces the free plan limit without a subscription, counting only unrevoked devices', async () => {
    const user = await makeUser(t.db);
    expect(await deviceLimitForUser(t.db, user.id)).toBe(FREE_PLAN.maxDevices);
    const made = [];
    for (let i = 0; i < FREE_PLAN.maxDevices; i += 1) {
      made.push(await createDevice(t.db, { userId: user.id, name: `D${i}`, kind: 'phone' }));
    }
    const extra = createDevice(t.db, { userId: user.id, name: 'One too many', kind: 'phone' });
    await expect(extra).rejects.toSatisfy((error) => isDbError(error, 'device_limit'));
    expect(await listDevices(t.db, user.id)).toHaveLength(FREE_PLAN.maxDevices);
    const first = made[0];
    if (!first) throw new Error('no device was made');
    await revokeDevice(t.db, first.device.id);
    await createDevice(t.db, { userId: user.id, name: 'Replacement', kind: 'phone' });
    expect(await listDevices(t.db, user.id)).toHaveLength(FREE_PLAN.maxDevices + 1);
  });
});

describe('the console device', () => {
  const tokenFor = (secret: string) => (deviceId: string) => `ttd_console_${secret}_${deviceId}`;

  it('is left out of the count every page shows, while a web pinger is counted', async () => {
    const user = await makeUser(t.db);
    await ensureConsoleDevice(t.db, { userId: user.id, tokenFor: tokenFor('s1') });
    await createDevice(t.db, { userId: user.id, name: 'Phone browser', kind: 'web' });
    const gone = await createDevice(t.db, { userId: user.id, name: 'Old watch', kind: 'watch' });
    await revokeDevice(t.db, gone.device.id);
    expect(await listDevices(t.db, user.id)).toHaveLength(3);
    expect(await planDeviceUsage(t.db, user.id)).toEqual({
      counted: 1,
      limit: FREE_PLAN.maxDevices,
    });
  });

  it('is made on first use, once, as a web device the plan limit does not count', async () => {
    const user = await makeUser(t.db);
    const [a, b] = await Promise.all([
      ensureConsoleDevice(t.db, { userId: user.id, tokenFor: tokenFor('s1') }),
      ensureConsoleDevice(t.db, { userId: user.id, tokenFor: tokenFor('s1') }),
    ]);
    expect(a.device.id).toBe(b?.device.id);
    expect(a.device).toMatchObject({ kind: 'web', console: true, name: 'Web console' });
    expect(a.token).toBe(`ttd_console_s1_${a.device.id}`);
    expect(await authenticateDeviceToken(t.db, a.token)).toMatchObject({ deviceId: a.device.id });
    // The plan's devices are all still there to pair.
    for (let i = 0; i < FREE_PLAN.maxDevices; i += 1) {
      await createDevice(t.db, { userId: user.id, name: `D${i}`, kind: 'phone' });
    }
    expect(await listDevices(t.db, user.id)).toHaveLength(FREE_PLAN.maxDevices + 1);
  });

  it('follows a changed console secret, and a revoked one is replaced on next use', async () => {
    const user = await makeUser(t.db);
    const first = await ensureConsoleDevice(t.db, { userId: user.id, tokenFor: tokenFor('s1') });
    const again = await ensureConsoleDevice(t.db, { userId: user.id, tokenFor: tokenFor('s2') });
    expect(again.device.id).toBe(first.device.id);
    expect(await authenticateDeviceToken(t.db, first.token)).toBeUndefined();
    expect(await authenticateDeviceToken(t.db, again.token)).toBeDefined();
    await revokeDevice(t.db, first.device.id);
    const next = await ensureConsoleDevice(t.db, { userId: user.id, tokenFor: tokenFor('s2') });
    expect(next.device.id).not.toBe(first.device.id);
    expect((await listDevices(t.db, user.id)).filter((d) => d.console)).toHaveLength(2);
  });
});

describe('activeDeviceIds', () => {
  it('keeps the devices that may still sync, in one query', async () => {
    const user = await makeUser(t.db);
    const kept = await createDevice(t.db, { userId: user.id, name: 'a', kind: 'cli' });
    const revoked = await createDevice(t.db, { userId: user.id, name: 'b', kind: 'cli' });
    await revokeDevice(t.db, revoked.device.id);
    const ids = [kept.device.id, revoked.device.id, 'dev_nosuchdevice'];
    expect(await activeDeviceIds(t.db, ids)).toEqual([kept.device.id]);
    expect(await activeDeviceIds(t.db, [])).toEqual([]);
  });
});

describe('the device limit under concurrency', () => {
  it('lets only one of two simultaneous creations take the last free slot', async () => {
    const user = await makeUser(t.db);
    for (let i = 1; i < FREE_PLAN.maxDevices; i += 1) {
      await createDevice(t.db, { userId: user.id, name: `D${i}`, kind: 'web' });
    }
    const results = await Promise.allSettled([
      createDevice(t.db, { userId: user.id, name: 'Racer 1', kind: 'web' }),
      createDevice(t.db, { userId: user.id, name: 'Racer 2', kind: 'web' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const [failure] = results.filter((r) => r.status === 'rejected');
    expect(isDbError(failure?.reason, 'device_limit')).toBe(true);
    expect(await listDevices(t.db, user.id)).toHaveLength(FREE_PLAN.maxDevices);
  });
});

describe('touchDevice', () => {
  it('sets last seen and never moves it backwards', async () => {
    const user = await makeUser(t.db);
    const { device } = await createDevice(t.db, { userId: user.id, name: 'Web', kind: 'web' });
    expect((await getDevice(t.db, device.id))?.lastSeenAt).toBeNull();
    const later = new Date('2030-01-02T03:04:05.678Z');
    await touchDevice(t.db, device.id, later);
    expect((await getDevice(t.db, device.id))?.lastSeenAt).toEqual(later);
    await touchDevice(t.db, device.id, new Date('2029-12-31T00:00:00.000Z'));
    expect((await getDevice(t.db, device.id))?.lastSeenAt).toEqual(later);
  });
});

describe('listDevices, renameDevice, revokeDevice', () => {
  it('lists only the user’s own devices, revoked ones included', async () => {
    const alice = await makeUser(t.db);
    const bob = await makeUser(t.db);
    const a1 = await createDevice(t.db, { userId: alice.id, name: 'A1', kind: 'watch' });
    const a2 = await createDevice(t.db, { userId: alice.id, name: 'A2', kind: 'desktop' });
    await createDevice(t.db, { userId: bob.id, name: 'B1', kind: 'phone' });
    await revokeDevice(t.db, a2.device.id);
    const listed = await listDevices(t.db, alice.id);
    expect(listed.map((d) => d.id).sort()).toEqual([a1.device.id, a2.device.id].sort());
    expect(listed.find((d) => d.id === a2.device.id)?.revokedAt).toBeInstanceOf(Date);
  });

  it('keeps the first revocation time and hides other users’ devices', async () => {
    const alice = await makeUser(t.db);
    const bob = await makeUser(t.db);
    const { device } = await createDevice(t.db, { userId: alice.id, name: 'A', kind: 'watch' });
    await expect(revokeDevice(t.db, device.id, { userId: bob.id })).rejects.toSatisfy((error) =>
      isDbError(error, 'not_found'),
    );
    const first = new Date('2031-05-05T05:05:05.005Z');
    expect(
      (await revokeDevice(t.db, device.id, { userId: alice.id, at: first })).revokedAt,
    ).toEqual(first);
    const again = await revokeDevice(t.db, device.id, { at: new Date('2032-01-01T00:00:00Z') });
    expect(again.revokedAt).toEqual(first);
    await expect(revokeDevice(t.db, 'dev_missing')).rejects.toSatisfy((error) =>
      isDbError(error, 'not_found'),
    );
  });

  it('renames only the owner’s device', async () => {
    const alice = await makeUser(t.db);
    const bob = await makeUser(t.db);
    const { device } = await createDevice(t.db, { userId: alice.id, name: 'Old', kind: 'cli' });
    expect(
      (await renameDevice(t.db, { userId: alice.id, deviceId: device.id, name: 'New' })).name,
    ).toBe('New');
    await expect(
      renameDevice(t.db, { userId: bob.id, deviceId: device.id, name: 'Mine' }),
    ).rejects.toSatisfy((error) => isDbError(error, 'not_found'));
    expect((await getDevice(t.db, device.id))?.name).toBe('New');
  });
});
