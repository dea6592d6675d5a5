import { describe, expect, it } from 'vitest';
import { isDbError } from '../src/errors.js';
import { createDevice, listDevices } from '../src/queries/devices.js';
import { getStaffRoles, grantStaffRole, revokeStaffRole } from '../src/queries/staff.js';
import { requireStaffRole, searchUsers } from '../src/queries/staff-search.js';
import { createTenant } from '../src/queries/tenants.js';
import {
  changePassword,
  createUser,
  deleteUser,
  findUserByEmail,
  getUser,
  requireUser,
  updateUser,
  verifyPassword,
} from '../src/queries/users.js';
import { makeUser, PASSWORD, uniqueEmail } from './fixtures.js';
import { useTestDb } from './test-database.js';

const t = useTestDb();

describe('createUser', () => {
  it('stores a normalized email and never returns the password hash', async () => {
    const email = uniqueEmail('Mixed');
    const user = await createUser(t.db, {
      email: `  ${email.toUpperCase()} `,
      password: PASSWORD,
      name: ' Ada ',
      timeZone: 'Europe/Berlin',
    });
    expect(user.email).toBe(email.toLowerCase());
    expect(user.name).toBe('Ada');
    expect(user.timeZone).toBe('Europe/Berlin');
    expect(user.id).toMatch(/^usr_[a-z2-7]{16}$/);
    expect(user).not.toHaveProperty('passwordHash');
    expect(await getUser(t.db, user.id)).toEqual(user);
  });

  it('defaults the time zone to UTC', async () => {
    expect((await makeUser(t.db)).timeZone).toBe('UTC');
  });

  it('refuses a duplicate email, whatever its case, with email_taken', async () => {
    const email = uniqueEmail();
    await makeUser(t.db, { email });
    const attempt = createUser(t.db, { email: email.toUpperCase(), password: PASSWORD, name: 'B' });
    await expect(attempt).rejects.toSatisfy((error) => isDbError(error, 'email_taken'));
    await expect(attempt).rejects.toThrow(`The email ${email} already belongs to an account.`);
  });

  it.each([
    [{ email: 'not-an-email', password: PASSWORD, name: 'A' }, 'email'],
    [{ email: uniqueEmail(), password: 'short', name: 'A' }, 'password'],
    [{ email: uniqueEmail(), password: PASSWORD, name: '   ' }, 'name'],
    [{ email: uniqueEmail(), password: PASSWORD, name: 'A', timeZone: 'Mars/Base' }, 'timeZone'],
  ])('refuses invalid input %# naming the field', async (input, field) => {
    await expect(createUser(t.db, input)).rejects.toSatisfy(
      (error) => isDbError(error, 'invalid_input') && error.message.startsWith(`Invalid ${field}:`),
    );
  });
});

describe('verifyPassword', () => {
  it('returns the user for the right password only', async () => {
    const user = await makeUser(t.db);
    expect(
      await verifyPassword(t.db, { email: user.email.toUpperCase(), password: PASSWORD }),
    ).toEqual(user);
    expect(
      await verifyPassword(t.db, { email: user.email, password: `${PASSWORD}!` }),
    ).toBeUndefined();
    expect(
      await verifyPassword(t.db, { email: uniqueEmail(), password: PASSWORD }),
    ).toBeUndefined();
  });

  it('accepts the new password after changePassword and not the old one', async () => {
    const user = await makeUser(t.db);
    await changePassword(t.db, user.id, 'a brand new password');
    expect(await verifyPassword(t.db, { email: user.email, password: PASSWORD })).toBeUndefined();
    expect(
      await verifyPassword(t.db, { email: user.email, password: 'a brand new password' }),
    ).toMatchObject({ id: user.id });
  });
});

describe('findUserByEmail, getUser, updateUser', () => {
  it('finds by email without case and misses unknown ids and emails', async () => {
    const user = await makeUser(t.db);
    expect(await findUserByEmail(t.db, user.email.toUpperCase())).toEqual(user);
    expect(await findUserByEmail(t.db, uniqueEmail())).toBeUndefined();
    expect(await getUser(t.db, 'usr_missing')).toBeUndefined();
    await expect(requireUser(t.db, 'usr_missing')).rejects.toSatisfy((error) =>
      isDbError(error, 'not_found'),
    );
  });

  it('updates name and time zone', async () => {
    const user = await makeUser(t.db);
    const updated = await updateUser(t.db, user.id, { name: 'Grace', timeZone: 'Asia/Tokyo' });
    expect(updated).toMatchObject({ id: user.id, name: 'Grace', timeZone: 'Asia/Tokyo' });
    await expect(updateUser(t.db, user.id, { timeZone: 'Nowhere' })).rejects.toSatisfy((error) =>
      isDbError(error, 'invalid_input'),
    );
  });
});

describe('deleteUser', () => {
  it('stops sign-in and revokes every device, keeping the row', async () => {
    const user = await makeUser(t.db);
    await createDevice(t.db, { userId: user.id, name: 'Watch', kind: 'watch' });
    await deleteUser(t.db, user.id);
    expect(await verifyPassword(t.db, { email: user.email, password: PASSWORD })).toBeUndefined();
    expect(await findUserByEmail(t.db, user.email)).toBeUndefined();
    expect((await getUser(t.db, user.id))?.deletedAt).toBeInstanceOf(Date);
    const devices = await listDevices(t.db, user.id);
    expect(devices).toHaveLength(1);
    expect(devices[0]?.revokedAt).toBeInstanceOf(Date);
  });
});

describe('staff roles', () => {
  it('grants idempotently, lists in catalogue order, and revokes', async () => {
    const user = await makeUser(t.db);
    expect(await getStaffRoles(t.db, user.id)).toEqual([]);
    await grantStaffRole(t.db, { userId: user.id, role: 'support' });
    await grantStaffRole(t.db, { userId: user.id, role: 'staff-admin' });
    await grantStaffRole(t.db, { userId: user.id, role: 'support' });
    expect(await getStaffRoles(t.db, user.id)).toEqual(['support', 'staff-admin']);
    await revokeStaffRole(t.db, { userId: user.id, role: 'support' });
    expect(await getStaffRoles(t.db, user.id)).toEqual(['staff-admin']);
  });

  it('refuses a role for an unknown user', async () => {
    await expect(grantStaffRole(t.db, { userId: 'usr_nobody', role: 'support' })).rejects.toSatisfy(
      (error) => isDbError(error, 'not_found'),
    );
  });
});

describe('searchUsers and requireStaffRole', () => {
  it('lets support staff find people by any part of an email or name, and nobody else', async () => {
    const tag = `srch${Date.now().toString(36)}`;
    const staff = await makeUser(t.db);
    await grantStaffRole(t.db, { userId: staff.id, role: 'support' });
    const byEmail = await makeUser(t.db, { email: `${tag}-a@example.test`, name: 'Zed' });
    const byName = await makeUser(t.db, { name: `${tag.toUpperCase()} Person` });
    const inside = await makeUser(t.db, { name: `Ms x${tag}y` });
    await makeUser(t.db, { name: 'Someone Else' });
    const found = await searchUsers(t.db, { staffUserId: staff.id, query: tag });
    expect(found.map((u) => u.id).sort()).toEqual([byEmail.id, byName.id, inside.id].sort());
    // The middle of an address finds it too.
    const middle = await searchUsers(t.db, { staffUserId: staff.id, query: `${tag.slice(2)}-A@` });
    expect(middle.map((u) => u.id)).toEqual([byEmail.id]);
    expect(found[0]).not.toHaveProperty('passwordHash');
    expect(await searchUsers(t.db, { staffUserId: staff.id, query: '%' })).toEqual([]);
    expect(await searchUsers(t.db, { staffUserId: staff.id, query: '  ' })).toEqual([]);
    await expect(searchUsers(t.db, { staffUserId: byEmail.id, query: tag })).rejects.toSatisfy(
      (error) => isDbError(error, 'forbidden'),
    );
    // By user id, by a tenant's name, by a device id: each result says how it matched.
    expect((await searchUsers(t.db, { staffUserId: staff.id, query: byName.id }))[0]).toMatchObject(
      {
        id: byName.id,
        matchedBy: ['id'],
      },
    );
    const team = await createTenant(t.db, {
      ownerUserId: byName.id,
      name: `${tag} Team`,
      kind: 'team',
    });
    expect(team.name).toContain(tag);
    const found2 = await searchUsers(t.db, { staffUserId: staff.id, query: `${tag} te` });
    expect(found2.map((u) => [u.id, u.matchedBy])).toEqual([[byName.id, ['tenant']]]);
    const { device } = await createDevice(t.db, { userId: byEmail.id, name: 'w', kind: 'watch' });
    const byDevice = await searchUsers(t.db, { staffUserId: staff.id, query: device.id });
    expect(byDevice.map((u) => [u.id, u.matchedBy])).toEqual([[byEmail.id, ['device']]]);
    await expect(
      requireStaffRole(t.db, { userId: staff.id, roles: ['staff-admin'] }),
    ).rejects.toThrow('This needs the staff role staff-admin.');
    expect(await requireStaffRole(t.db, { userId: staff.id, roles: ['support'] })).toEqual([
      'support',
    ]);
  });
});
