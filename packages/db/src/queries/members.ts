import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { DbError, isDuplicateKeyError } from '../errors.js';
import { memberships, type TenantRole, tenants } from '../schema/tenants.js';
import { MANAGER_ROLES, type Membership, requireTenantRole } from './tenants.js';
import { requireUser } from './users.js';

// Owners manage everyone; admins manage members only. Nobody may leave a tenant without owner.

function assertMayAssign(actorRole: TenantRole, role: TenantRole, tenantId: string): void {
  if (actorRole !== 'owner' && role !== 'member') {
    throw new DbError(
      'forbidden',
      `Only an owner of tenant ${tenantId} can make or unmake owners and admins.`,
    );
  }
}

/** Locks the tenant row, so concurrent role changes cannot both remove the last owner. */
async function lockTenant(tx: Executor, tenantId: string): Promise<void> {
  const [row] = await tx
    .select({ id: tenants.id })
    .from(tenants)
    .where(eq(tenants.id, tenantId))
    .for('update');
  if (!row) throw new DbError('not_found', `No tenant has the id ${tenantId}.`);
}

async function assertAnotherOwner(tx: Executor, tenantId: string, userId: string): Promise<void> {
  const [row] = await tx
    .select({ count: sql<number>`count(*)`.mapWith(Number) })
    .from(memberships)
    .where(
      and(
        eq(memberships.tenantId, tenantId),
        eq(memberships.role, 'owner'),
        sql`${memberships.userId} <> ${userId}`,
      ),
    );
  if ((row?.count ?? 0) === 0) {
    throw new DbError(
      'last_owner',
      `Tenant ${tenantId} needs at least one owner; make someone else owner first.`,
    );
  }
}

/** Adds a user to a tenant; `already_member` if they belong to it. */
export async function addMember(
  db: Executor,
  input: { actorUserId: string; tenantId: string; userId: string; role: TenantRole },
): Promise<Membership> {
  return db.transaction(async (tx) => {
    const actor = await requireTenantRole(tx, {
      tenantId: input.tenantId,
      userId: input.actorUserId,
      roles: MANAGER_ROLES,
    });
    assertMayAssign(actor.role, input.role, input.tenantId);
    await requireUser(tx, input.userId);
    const membership: Membership = {
      tenantId: input.tenantId,
      userId: input.userId,
      role: input.role,
      createdAt: new Date(),
    };
    try {
      await tx.insert(memberships).values(membership);
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw new DbError(
          'already_member',
          `User ${input.userId} is already a member of tenant ${input.tenantId}.`,
          { cause: error },
        );
      }
      throw error;
    }
    return membership;
  });
}

/** Changes a member's role; keeps at least one owner. */
export async function changeMemberRole(
  db: Executor,
  input: { actorUserId: string; tenantId: string; userId: string; role: TenantRole },
): Promise<Membership> {
  return db.transaction(async (tx) => {
    await lockTenant(tx, input.tenantId);
    const actor = await requireTenantRole(tx, {
      tenantId: input.tenantId,
      userId: input.actorUserId,
      roles: MANAGER_ROLES,
    });
    const target = await requireTenantRole(tx, { tenantId: input.tenantId, userId: input.userId });
    assertMayAssign(actor.role, target.role, input.tenantId);
    assertMayAssign(actor.role, input.role, input.tenantId);
    if (target.role === 'owner' && input.role !== 'owner') {
      await assertAnotherOwner(tx, input.tenantId, input.userId);
    }
    await tx
      .update(memberships)
      .set({ role: input.role })
      .where(and(eq(memberships.tenantId, input.tenantId), eq(memberships.userId, input.userId)));
    return { ...target, role: input.role };
  });
}

/** Removes a member (or lets a member leave); keeps at least one owner. */
export async function removeMember(
  db: Executor,
  input: { actorUserId: string; tenantId: string; userId: string },
): Promise<void> {
  return db.transaction(async (tx) => {
    await lockTenant(tx, input.tenantId);
    const leaving = input.actorUserId === input.userId;
    const actor = await requireTenantRole(tx, {
      tenantId: input.tenantId,
      userId: input.actorUserId,
      ...(leaving ? {} : { roles: MANAGER_ROLES }),
    });
    const target = leaving
      ? actor
      : await requireTenantRole(tx, { tenantId: input.tenantId, userId: input.userId });
    if (!leaving) assertMayAssign(actor.role, target.role, input.tenantId);
    if (target.role === 'owner') await assertAnotherOwner(tx, input.tenantId, input.userId);
    await tx
      .delete(memberships)
      .where(and(eq(memberships.tenantId, input.tenantId), eq(memberships.userId, input.userId)));
  });
}
