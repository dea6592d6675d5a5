// Web Push subscriptions (one per device, gone with the device) and the push outbox (one row per
// user and ping, claimed with SKIP LOCKED leases) against the real MariaDB.
import { createECDH, randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { createDb } from '../src/client.js';
import { createDevice, revokeDevice } from '../src/queries/devices.js';
import {
  claimPushes,
  enqueuePush,
  finishPush,
  listPushOutbox,
  prunePushOutbox,
  reopenCurrentPush,
  retryPush,
} from '../src/queries/push-outbox.js';
import {
  deletePushSubscription,
  getPushSubscription,
  listPushSubscriptionsDue,
  listPushUsers,
  markPushSubscriptionSent,
  savePushSubscription,
} from '../src/queries/push-subscriptions.js';
import { deleteUser } from '../src/queries/users.js';
import { is, makeUser } from './fixtures.js';
import { useTestDb } from './test-database.js';

const t = useTestDb();

function browserKeys(endpoint = `https://push.example/${randomBytes(8).toString('hex')}`) {
  const ecdh = createECDH('prime256v1');
  return {
    endpoint,
    p256dh: ecdh.generateKeys().toString('base64url'),
    auth: randomBytes(16).toString('base64url'),
  };
}

async function subscribedDevice(userId?: string) {
  const owner = userId ?? (await makeUser(t.db)).id;
  const { device } = await createDevice(t.db, { userId: owner, name: 'Browser', kind: 'web' });
  const keys = browserKeys();
  await savePushSubscription(t.db, { userId: owner, deviceId: device.id, ...keys });
  return { userId: owner, deviceId: device.id, ...keys };
}

describe('push subscriptions', () => {
  it('one per device: saving again replaces it, and a new endpoint has been sent nothing', async () => {
    const sub = await subscribedDevice();
    await markPushSubscriptionSent(t.db, { ...sub, ping: 1700003368 });
    const same = await savePushSubscription(t.db, sub);
    expect(same.lastPing).toBe(1700003368);
    const moved = browserKeys();
    const saved = await savePushSubscription(t.db, { ...sub, ...moved });
    expect(saved).toMatchObject({
      deviceId: sub.deviceId,
      endpoint: moved.endpoint,
      lastPing: null,
    });
    expect(await listPushSubscriptionsDue(t.db, { userId: sub.userId, ping: 1 })).toHaveLength(1);
  });

  it("refuses bad keys, another user's device and a revoked device, changing nothing", async () => {
    const sub = await subscribedDevice();
    const before = await getPushSubscription(t.db, sub.deviceId);
    for (const bad of [
      { endpoint: 'http://push.example/x' },
      { endpoint: 'not a url' },
      { endpoint: `https://push.example/${'x'.repeat(1100)}` },
      { p256dh: randomBytes(64).toString('base64url') },
      { auth: randomBytes(15).toString('base64url') },
      { auth: 'not base64url!' },
    ]) {
      await expect(savePushSubscription(t.db, { ...sub, ...bad })).rejects.toSatisfy(
        is('invalid_input'),
      );
    }
    const stranger = await makeUser(t.db);
    await expect(
      savePushSubscription(t.db, { ...sub, ...browserKeys(), userId: stranger.id }),
    ).rejects.toSatisfy(is('not_found'));
    expect(await getPushSubscription(t.db, sub.deviceId)).toEqual(before);
    await revokeDevice(t.db, sub.deviceId);
    await expect(savePushSubscription(t.db, sub)).rejects.toSatisfy(is('device_revoked'));
  });

  it("go with the device's revocation and the user's deletion", async () => {
    const sub = await subscribedDevice();
    const other = await subscribedDevice(sub.userId);
    await revokeDevice(t.db, sub.deviceId);
    expect(await getPushSubscription(t.db, sub.deviceId)).toBeUndefined();
    expect(await getPushSubscription(t.db, other.deviceId)).toBeDefined();
    await deleteUser(t.db, sub.userId);
    expect(await getPushSubscription(t.db, other.deviceId)).toBeUndefined();
  });

  it('an endpoint moved to a new device of the same user leaves the old one; other users keep theirs', async () => {
    const sub = await subscribedDevice();
    const stranger = await subscribedDevice();
    await savePushSubscription(t.db, { ...stranger, endpoint: sub.endpoint });
    const { device } = await createDevice(t.db, { userId: sub.userId, name: 'Again', kind: 'web' });
    await savePushSubscription(t.db, { ...sub, deviceId: device.id });
    expect(await getPushSubscription(t.db, sub.deviceId)).toBeUndefined();
    expect((await getPushSubscription(t.db, device.id))?.endpoint).toBe(sub.endpoint);
    expect((await getPushSubscription(t.db, stranger.deviceId))?.endpoint).toBe(sub.endpoint);
  });

  it('a 404 for an old endpoint removes only that endpoint', async () => {
    const sub = await subscribedDevice();
    expect(
      await deletePushSubscription(t.db, { deviceId: sub.deviceId, endpoint: 'https://x/' }),
    ).toBe(false);
    expect(await deletePushSubscription(t.db, sub)).toBe(true);
    expect(await deletePushSubscription(t.db, { deviceId: sub.deviceId })).toBe(false);
  });

  it('lists users with live subscriptions in pages, and the subscriptions a ping still needs', async () => {
    const sub = await subscribedDevice();
    const second = await subscribedDevice(sub.userId);
    const revoked = await subscribedDevice();
    await revokeDevice(t.db, revoked.deviceId);
    const users: string[] = [];
    for (let page = await listPushUsers(t.db, { limit: 2 }); page.length > 0; ) {
      users.push(...page);
      page = await listPushUsers(t.db, { after: page.at(-1), limit: 2 });
    }
    expect(users).toContain(sub.userId);
    expect(users).not.toContain(revoked.userId);
    expect(new Set(users).size).toBe(users.length);
    await markPushSubscriptionSent(t.db, { ...second, ping: 100 });
    const due = await listPushSubscriptionsDue(t.db, { userId: sub.userId, ping: 100 });
    expect(due.map((row) => row.deviceId)).toEqual([sub.deviceId]);
  });
});

describe('push outbox', () => {
  const expiresAt = new Date(Date.now() + 60_000);

  it('holds one row per user and ping whoever adds it', async () => {
    const { id: userId } = await makeUser(t.db);
    const added = await Promise.all(
      [0, 1, 2, 3].map(() => enqueuePush(t.db, { userId, ping: 1700003368, expiresAt })),
    );
    expect(added.filter(Boolean)).toHaveLength(1);
    expect(await listPushOutbox(t.db, userId)).toHaveLength(1);
  });

  it('claims due rows once between processes, and gives them back when a lease runs out', async () => {
    const { id: userId } = await makeUser(t.db);
    const now = new Date(Date.now() + 3_600_000);
    for (const ping of [1, 2, 3, 4, 5]) {
      await enqueuePush(t.db, { userId, ping, expiresAt }, new Date(now.getTime() - 1000));
    }
    // Two pools, as two processes have; each claims at the same time.
    const other = createDb(inject('databaseUrl'));
    try {
      const [a, b] = await Promise.all([
        claimPushes(t.db, { owner: 'a', leaseMs: 1000, limit: 10 }, now),
        claimPushes(other.db, { owner: 'b', leaseMs: 1000, limit: 10 }, now),
      ]);
      const mine = (rows: typeof a) => rows.filter((row) => row.userId === userId);
      const ids = [...mine(a), ...mine(b)].map((row) => row.ping).sort((x, y) => x - y);
      expect(ids).toEqual([1, 2, 3, 4, 5]);
      expect(await claimPushes(t.db, { owner: 'c', leaseMs: 1000, limit: 10 }, now)).toEqual([]);
      const later = new Date(now.getTime() + 1000);
      const again = await claimPushes(other.db, { owner: 'c', leaseMs: 1000, limit: 10 }, later);
      expect(mine(again)).toHaveLength(5);
      expect(mine(again).every((row) => row.attempts === 2)).toBe(true);
      // The first owner's late outcome does not count: the row is c's now.
      const first = mine(a)[0];
      if (!first) throw new Error('a claimed none');
      expect(await finishPush(t.db, { id: first.id, owner: 'a', state: 'sent' })).toBe(false);
      expect(await finishPush(t.db, { id: first.id, owner: 'c', state: 'sent' })).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('stays open while a browser that subscribed during the send still lacks the ping', async () => {
    const first = await subscribedDevice();
    const { userId } = first;
    const at = new Date(Date.now() + 12_000_000);
    await enqueuePush(t.db, { userId, ping: 20, expiresAt: new Date(at.getTime() + 60_000) }, at);
    const [row] = (await claimPushes(t.db, { owner: 'a', leaseMs: 60_000, limit: 100 }, at)).filter(
      (claimed) => claimed.userId === userId,
    );
    if (!row) throw new Error('nothing claimed');
    // The push went to the first browser; a second subscribed meanwhile (its reopen found the
    // row pending and changed nothing).
    await markPushSubscriptionSent(t.db, { ...first, ping: 20 });
    const second = await subscribedDevice(userId);
    expect(await reopenCurrentPush(t.db, userId, at)).toBe(false);
    expect(await finishPush(t.db, { id: row.id, owner: 'a', state: 'sent' })).toBe(false);
    // Sent to it too, the row ends; a drop never waits for browsers.
    await markPushSubscriptionSent(t.db, { ...second, ping: 20 });
    expect(await finishPush(t.db, { id: row.id, owner: 'a', state: 'sent' })).toBe(true);
    expect((await listPushOutbox(t.db, userId)).map((r) => r.state)).toEqual(['sent']);
  });

  it("reopens the user's current ping once sent, for a browser that subscribed after it", async () => {
    const { id: userId } = await makeUser(t.db);
    const start = new Date(Date.now() + 9_000_000);
    const later = new Date(start.getTime() + 60_000);
    await enqueuePush(t.db, { userId, ping: 10, expiresAt: new Date(start.getTime() - 1) }, start);
    await enqueuePush(t.db, { userId, ping: 11, expiresAt: later }, start);
    await enqueuePush(t.db, { userId, ping: 12, expiresAt: later }, start);
    const claimed = (await claimPushes(t.db, { owner: 'a', leaseMs: 1, limit: 100 }, start)).filter(
      (row) => row.userId === userId,
    );
    for (const row of claimed) {
      const state = row.ping === 12 ? 'dropped' : 'sent';
      await finishPush(t.db, { id: row.id, owner: 'a', state });
    }
    expect(await reopenCurrentPush(t.db, userId, start)).toBe(true);
    const rows = await listPushOutbox(t.db, userId);
    expect(rows.map((row) => [row.ping, row.state])).toEqual([
      [10, 'sent'],
      [11, 'pending'],
      [12, 'dropped'],
    ]);
  });

  it('retries at the time given, ends sent or dropped with why, and prunes old ended rows', async () => {
    const { id: userId } = await makeUser(t.db);
    const start = new Date(Date.now() + 7_200_000);
    await enqueuePush(t.db, { userId, ping: 7, expiresAt }, start);
    await enqueuePush(t.db, { userId, ping: 8, expiresAt }, start);
    const claimed = (
      await claimPushes(t.db, { owner: 'a', leaseMs: 60_000, limit: 100 }, start)
    ).filter((row) => row.userId === userId);
    const [seven, eight] = claimed;
    if (!seven || !eight) throw new Error('claimed too few');
    const retryAt = new Date(start.getTime() + 5000);
    expect(await retryPush(t.db, { id: seven.id, owner: 'a', at: retryAt, error: '429' })).toBe(
      true,
    );
    expect(
      await finishPush(t.db, { id: eight.id, owner: 'a', state: 'dropped', error: 'late' }),
    ).toBe(true);
    const early = await claimPushes(t.db, { owner: 'b', leaseMs: 1000, limit: 100 }, start);
    expect(early.filter((row) => row.userId === userId)).toEqual([]);
    const due = await claimPushes(t.db, { owner: 'b', leaseMs: 1000, limit: 100 }, retryAt);
    expect(due.filter((row) => row.userId === userId).map((row) => row.ping)).toEqual([7]);
    const rows = await listPushOutbox(t.db, userId);
    expect(rows.map((row) => [row.ping, row.state, row.lastError])).toEqual([
      [7, 'pending', '429'],
      [8, 'dropped', 'late'],
    ]);
    expect(
      await prunePushOutbox(t.db, { before: new Date(Date.now() + 1000), limit: 1000 }),
    ).toBeGreaterThanOrEqual(1);
    expect((await listPushOutbox(t.db, userId)).map((row) => row.ping)).toEqual([7]);
  });
});
