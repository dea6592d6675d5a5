import { describe, expect, it } from 'vitest';
import type { Executor } from '../src/client.js';
import { isDbError } from '../src/errors.js';
import { createDevice, listTenantMemberDevices } from '../src/queries/devices.js';
import { changeMemberRole, removeMember } from '../src/queries/members.js';
import {
  createTenant,
  getMembership,
  getTenant,
  listMembers,
  listTenantsForUser,
  renameTenant,
  requireTenantRole,
} from '../src/queries/tenants.js';
import { addAs, makeUser } from './fixtures.js';
import { useTestDb } from './test-database.js';

const t = useTestDb();

async function team(db: Executor) {
  const owner = await makeUser(db, { name: 'Owner' });
  const admin = await makeUser(db, { name: 'Admin' });
  const member = await makeUser(db, { name: 'Member' });
  const tenant = await createTenant(db, { name: 'Acme', kind: 'team', ownerUserId: owner.id });
  await addAs(db, owner, tenant, admin, 'admin');
  await addAs(db, owner, tenant, member, 'member');
  return { owner, admin, member, tenant };
}

/** Members as seen by whichever of `candidates` still belongs to the tenant. */
async function listMembersAsOwner(db: Executor, tenantId: string, candidates: string[]) {
  for (const userId of candidates) {
    if (await getMembership(db, { tenantId, userId })) return listMembers(db, { userId, tenantId });
  }
  return [];
}

const forbidden = (error: unknown) => isDbError(error, 'forbidden');

describe('createTenant, getTenant, listTenantsForUser', () => {
  it('makes the creator owner and shows the tenant to its members with their role', async () => {
    const { owner, member, tenant } = await team(t.db);
    expect(tenant.id).toMatch(/^ten_/);
    expect(await getTenant(t.db, { userId: owner.id, tenantId: tenant.id })).toMatchObject({
      name: 'Acme',
      kind: 'team',
      role: 'owner',
    });
    expect(await listTenantsForUser(t.db, member.id)).toEqual([
      expect.objectContaining({ id: tenant.id, role: 'member' }),
    ]);
  });

  it('refuses a member asking for another tenant’s data', async () => {
    const a = await team(t.db);
    const b = await team(t.db);
    await expect(getTenant(t.db, { userId: a.member.id, tenantId: b.tenant.id })).rejects.toSatisfy(
      forbidden,
    );
    await expect(
      listMembers(t.db, { userId: a.owner.id, tenantId: b.tenant.id }),
    ).rejects.toSatisfy(forbidden);
    await expect(
      getTenant(t.db, { userId: a.member.id, tenantId: 'ten_missing' }),
    ).rejects.toSatisfy(forbidden);
  });

  it('refuses an unknown owner and an invalid kind', async () => {
    await expect(
      createTenant(t.db, { name: 'X', kind: 'team', ownerUserId: 'usr_nobody' }),
    ).rejects.toSatisfy((error) => isDbError(error, 'not_found'));
    const user = await makeUser(t.db);
    await expect(
      createTenant(t.db, { name: 'X', kind: 'club' as 'team', ownerUserId: user.id }),
    ).rejects.toSatisfy((error) => isDbError(error, 'invalid_input'));
  });
});

describe('renameTenant and requireTenantRole', () => {
  it('lets owners and admins rename, not members', async () => {
    const { admin, member, tenant } = await team(t.db);
    expect(
      (await renameTenant(t.db, { actorUserId: admin.id, tenantId: tenant.id, name: 'Acme 2' }))
        .name,
    ).toBe('Acme 2');
    await expect(
      renameTenant(t.db, { actorUserId: member.id, tenantId: tenant.id, name: 'Mine' }),
    ).rejects.toSatisfy(forbidden);
    await expect(
      requireTenantRole(t.db, {
        userId: member.id,
        tenantId: tenant.id,
        roles: ['owner', 'admin'],
      }),
    ).rejects.toThrow(/needs the role owner or admin .* you are member/);
  });
});

describe('members', () => {
  it('lists members with roles for any member', async () => {
    const { owner, admin, member, tenant } = await team(t.db);
    const members = await listMembers(t.db, { userId: member.id, tenantId: tenant.id });
    expect(members.map((m) => [m.userId, m.role])).toEqual([
      [owner.id, 'owner'],
      [admin.id, 'admin'],
      [member.id, 'member'],
    ]);
  });

  it('refuses adding someone twice with already_member', async () => {
    const { owner, member, tenant } = await team(t.db);
    await expect(addAs(t.db, owner, tenant, member, 'member')).rejects.toSatisfy((error) =>
      isDbError(error, 'already_member'),
    );
  });

  it('lets admins manage members but not make admins or owners', async () => {
    const { admin, member, tenant } = await team(t.db);
    const newcomer = await makeUser(t.db);
    await addAs(t.db, admin, tenant, newcomer, 'member');
    await expect(
      changeMemberRole(t.db, {
        actorUserId: admin.id,
        tenantId: tenant.id,
        userId: newcomer.id,
        role: 'admin',
      }),
    ).rejects.toSatisfy(forbidden);
    await expect(addAs(t.db, member, tenant, newcomer, 'member')).rejects.toSatisfy(forbidden);
    await removeMember(t.db, { actorUserId: admin.id, tenantId: tenant.id, userId: newcomer.id });
    expect(await getMembership(t.db, { tenantId: tenant.id, userId: newcomer.id })).toBeUndefined();
  });

  it('never leaves a tenant without an owner', async () => {
    const { owner, admin, tenant } = await team(t.db);
    await expect(
      changeMemberRole(t.db, {
        actorUserId: owner.id,
        tenantId: tenant.id,
        userId: owner.id,
        role: 'admin',
      }),
    ).rejects.toSatisfy((error) => isDbError(error, 'last_owner'));
    await expect(
      removeMember(t.db, { actorUserId: owner.id, tenantId: tenant.id, userId: owner.id }),
    ).rejects.toSatisfy((error) => isDbError(error, 'last_owner'));
    await changeMemberRole(t.db, {
      actorUserId: owner.id,
      tenantId: tenant.id,
      userId: admin.id,
      role: 'owner',
    });
    await removeMember(t.db, { actorUserId: owner.id, tenantId: tenant.id, userId: owner.id });
    expect(await listTenantsForUser(t.db, owner.id)).toEqual([]);
    expect((await getMembership(t.db, { tenantId: tenant.id, userId: admin.id }))?.role).toBe(
      'owner',
    );
  });

  it('keeps an owner when two owners step down at the same moment', async () => {
    const { owner, admin, tenant } = await team(t.db);
    await changeMemberRole(t.db, {
      actorUserId: owner.id,
      tenantId: tenant.id,
      userId: admin.id,
      role: 'owner',
    });
    const results = await Promise.allSettled([
      removeMember(t.db, { actorUserId: owner.id, tenantId: tenant.id, userId: owner.id }),
      removeMember(t.db, { actorUserId: admin.id, tenantId: tenant.id, userId: admin.id }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const [failure] = results.filter((r) => r.status === 'rejected');
    expect(isDbError(failure?.reason, 'last_owner')).toBe(true);
    const owners = (await listMembersAsOwner(t.db, tenant.id, [owner.id, admin.id])).filter(
      (m) => m.role === 'owner',
    );
    expect(owners).toHaveLength(1);
  });

  it('lets a member leave on their own', async () => {
    const { member, tenant } = await team(t.db);
    await removeMember(t.db, { actorUserId: member.id, tenantId: tenant.id, userId: member.id });
    await expect(getTenant(t.db, { userId: member.id, tenantId: tenant.id })).rejects.toSatisfy(
      forbidden,
    );
  });

  it('refuses outsiders managing a tenant', async () => {
    const { member, tenant } = await team(t.db);
    const outsider = await team(t.db);
    await expect(
      removeMember(t.db, {
        actorUserId: outsider.owner.id,
        tenantId: tenant.id,
        userId: member.id,
      }),
    ).rejects.toSatisfy(forbidden);
  });
});

describe('listTenantMemberDevices', () => {
  it("shows owners and admins their members' devices, and nobody else", async () => {
    const { owner, admin, member, tenant } = await team(t.db);
    const outsider = await makeUser(t.db, { name: 'Outsider' });
    const watch = await createDevice(t.db, { userId: member.id, name: 'Wrist', kind: 'watch' });
    await createDevice(t.db, { userId: outsider.id, name: 'Not theirs', kind: 'phone' });
    for (const viewer of [owner, admin]) {
      const seen = await listTenantMemberDevices(t.db, { userId: viewer.id, tenantId: tenant.id });
      expect(seen.map((d) => [d.id, d.memberEmail, d.name])).toEqual([
        [watch.device.id, member.email, 'Wrist'],
      ]);
      expect(seen[0]).not.toHaveProperty('tokenHash');
    }
    for (const viewer of [member, outsider]) {
      await expect(
        listTenantMemberDevices(t.db, { userId: viewer.id, tenantId: tenant.id }),
      ).rejects.toSatisfy(forbidden);
    }
  });
});
