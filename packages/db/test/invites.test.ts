import { describe, expect, it } from 'vitest';
import {
  acceptInvite,
  createInvite,
  findInviteByToken,
  listPendingInvites,
  renewInvite,
  revokeInvite,
} from '../src/queries/invites.js';
import { changeMemberRole, removeMember } from '../src/queries/members.js';
import { createTenant, getMembership } from '../src/queries/tenants.js';
import { is, makeUser } from './fixtures.js';
import { useTestDb } from './test-database.js';

const t = useTestDb();
const DAY = 24 * 3600 * 1000;

async function team() {
  const owner = await makeUser(t.db);
  const tenant = await createTenant(t.db, { name: 'Invites', kind: 'team', ownerUserId: owner.id });
  return { owner, tenantId: tenant.id };
}

/** An invitation to `tenantId` made by `actor` for `email`. */
function invite(
  tenantId: string,
  actor: { id: string },
  email: string,
  role: Parameters<typeof createInvite>[1]['role'] = 'member',
) {
  return createInvite(t.db, { actorUserId: actor.id, tenantId, email, role });
}

async function memberOf(tenantId: string, userId: string) {
  return (await getMembership(t.db, { tenantId, userId }))?.role;
}

describe('invitations', () => {
  it('work once: a member removed later cannot rejoin with the same link', async () => {
    const { owner, tenantId } = await team();
    const guest = await makeUser(t.db);
    const { token } = await invite(tenantId, owner, guest.email);
    expect((await findInviteByToken(t.db, token))?.state).toBe('pending');
    await acceptInvite(t.db, { token, userId: guest.id });
    expect(await memberOf(tenantId, guest.id)).toBe('member');
    expect((await findInviteByToken(t.db, token))?.state).toBe('accepted');

    await removeMember(t.db, { actorUserId: owner.id, tenantId, userId: guest.id });
    await expect(acceptInvite(t.db, { token, userId: guest.id })).rejects.toSatisfy(
      is('invite_invalid'),
    );
    expect(await memberOf(tenantId, guest.id)).toBeUndefined();
  });

  it('of two concurrent accepts, one joins and the other is refused', async () => {
    const { owner, tenantId } = await team();
    const guest = await makeUser(t.db);
    const { token } = await invite(tenantId, owner, guest.email);
    const results = await Promise.allSettled([
      acceptInvite(t.db, { token, userId: guest.id }),
      acceptInvite(t.db, { token, userId: guest.id }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('expire, can be revoked, and a renewed link replaces the old one', async () => {
    const { owner, tenantId } = await team();
    const guest = await makeUser(t.db);
    const old = await invite(tenantId, owner, guest.email);
    await expect(
      acceptInvite(t.db, {
        token: old.token,
        userId: guest.id,
        at: new Date(Date.now() + 8 * DAY),
      }),
    ).rejects.toSatisfy(is('invite_invalid'));
    expect((await findInviteByToken(t.db, old.token, new Date(Date.now() + 8 * DAY)))?.state).toBe(
      'expired',
    );

    const revoked = await invite(tenantId, owner, guest.email);
    // A new invitation of the same address revoked the first.
    expect((await findInviteByToken(t.db, old.token))?.state).toBe('revoked');
    expect(
      (await listPendingInvites(t.db, { actorUserId: owner.id, tenantId })).map((i) => i.id),
    ).toEqual([revoked.invite.id]);
    await revokeInvite(t.db, { actorUserId: owner.id, tenantId, inviteId: revoked.invite.id });
    await expect(acceptInvite(t.db, { token: revoked.token, userId: guest.id })).rejects.toSatisfy(
      is('invite_invalid'),
    );
    expect(await listPendingInvites(t.db, { actorUserId: owner.id, tenantId })).toEqual([]);

    const first = await invite(tenantId, owner, guest.email);
    const renewed = await renewInvite(t.db, {
      actorUserId: owner.id,
      tenantId,
      inviteId: first.invite.id,
    });
    expect(renewed.invite.id).toBe(first.invite.id);
    expect(await findInviteByToken(t.db, first.token)).toBeUndefined();
    await acceptInvite(t.db, { token: renewed.token, userId: guest.id });
    expect(await memberOf(tenantId, guest.id)).toBe('member');
  });

  it('are checked again on accept: the address, and the inviter still managing', async () => {
    const { owner, tenantId } = await team();
    const admin = await makeUser(t.db);
    const guest = await makeUser(t.db);
    const stranger = await makeUser(t.db);
    const adminLink = await invite(tenantId, owner, admin.email, 'admin');
    await acceptInvite(t.db, { token: adminLink.token, userId: admin.id });
    const { token } = await invite(tenantId, admin, guest.email);
    await expect(acceptInvite(t.db, { token, userId: stranger.id })).rejects.toSatisfy(
      is('forbidden'),
    );
    await changeMemberRole(t.db, {
      actorUserId: owner.id,
      tenantId,
      userId: admin.id,
      role: 'member',
    });
    await expect(acceptInvite(t.db, { token, userId: guest.id })).rejects.toSatisfy(
      is('forbidden'),
    );
    expect(await memberOf(tenantId, guest.id)).toBeUndefined();
    expect(await memberOf(tenantId, stranger.id)).toBeUndefined();
  });

  it('are made by managers only, and admins invite members only', async () => {
    const { owner, tenantId } = await team();
    const member = await makeUser(t.db);
    const { token } = await invite(tenantId, owner, member.email);
    await acceptInvite(t.db, { token, userId: member.id });
    const attempt = invite(tenantId, member, 'x@example.test');
    await expect(attempt).rejects.toSatisfy(is('forbidden'));
    await expect(listPendingInvites(t.db, { actorUserId: member.id, tenantId })).rejects.toSatisfy(
      is('forbidden'),
    );
  });
});
