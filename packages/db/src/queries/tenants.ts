import { and, asc, eq, getTableColumns } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../client.js';
import { DbError } from '../errors.js';
import { newId } from '../ids.js';
import {
  memberships,
  type TenantKind,
  type TenantRole,
  tenantKindValues,
  tenants,
} from '../schema/tenants.js';
import { users } from '../schema/users.js';
import { nameSchema, parseInput } from '../validation.js';
import { requireUser } from './users.js';

export type Tenant = typeof tenants.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type TenantWithRole = Tenant & { role: TenantRole };

/** Roles that may manage a tenant's members, settings and billing. */
export const MANAGER_ROLES: readonly TenantRole[] = ['owner', 'admin'];

const createTenantInput = z.object({ name: nameSchema, kind: z.enum(tenantKindValues) });

/** Creates a tenant with `ownerUserId` as its first owner. */
export async function createTenant(
  db: Executor,
  input: { name: string; kind: TenantKind; ownerUserId: string },
): Promise<Tenant> {
  const { name, kind } = parseInput(createTenantInput, input);
  return db.transaction(async (tx) => {
    await requireUser(tx, input.ownerUserId);
    const now = new Date();
    const tenant: Tenant = {
      id: newId('ten'),
      name,
      kind,
      taxRateBasisPoints: 0,
      creditCents: 0,
      createdAt: now,
      updatedAt: now,
    };
    await tx.insert(tenants).values(tenant);
    await tx
      .insert(memberships)
      .values({ tenantId: tenant.id, userId: input.ownerUserId, role: 'owner', createdAt: now });
    return tenant;
  });
}

export async function getMembership(
  db: Executor,
  input: { tenantId: string; userId: string },
): Promise<Membership | undefined> {
  const [membership] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.tenantId, input.tenantId), eq(memberships.userId, input.userId)));
  return membership;
}

/**
 * The membership of `userId` in `tenantId`, if its role is one of `roles`; DbError `forbidden`
 * otherwise. Every tenant-scoped query starts here, so a member of one tenant never reads another.
 */
export async function requireTenantRole(
  db: Executor,
  input: { tenantId: string; userId: string; roles?: readonly TenantRole[] },
): Promise<Membership> {
  const membership = await getMembership(db, input);
  if (!membership) {
    throw new DbError('forbidden', `You are not a member of tenant ${input.tenantId}.`);
  }
  if (input.roles && !input.roles.includes(membership.role)) {
    throw new DbError(
      'forbidden',
      `This needs the role ${input.roles.join(' or ')} in tenant ${input.tenantId}; you are ${membership.role}.`,
    );
  }
  return membership;
}

/** The tenant, for one of its members, with the member's role. */
export async function getTenant(
  db: Executor,
  input: { userId: string; tenantId: string },
): Promise<TenantWithRole> {
  const { role } = await requireTenantRole(db, input);
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, input.tenantId));
  if (!tenant) throw new DbError('not_found', `No tenant has the id ${input.tenantId}.`);
  return { ...tenant, role };
}

/** Every tenant the user belongs to, with their role in it. */
export async function listTenantsForUser(db: Executor, userId: string): Promise<TenantWithRole[]> {
  return db
    .select({ ...getTableColumns(tenants), role: memberships.role })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(tenants.name), asc(tenants.id));
}

/** Renames a tenant; owners and admins only. */
export async function renameTenant(
  db: Executor,
  input: { actorUserId: string; tenantId: string; name: string },
): Promise<Tenant> {
  const name = parseInput(nameSchema, input.name);
  await requireTenantRole(db, {
    tenantId: input.tenantId,
    userId: input.actorUserId,
    roles: MANAGER_ROLES,
  });
  await db
    .update(tenants)
    .set({ name, updatedAt: new Date() })
    .where(eq(tenants.id, input.tenantId));
  return getTenant(db, { userId: input.actorUserId, tenantId: input.tenantId });
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: TenantRole;
  joinedAt: Date;
}

/** The members of a tenant, for any of its members. */
export async function listMembers(
  db: Executor,
  input: { userId: string; tenantId: string },
): Promise<Member[]> {
  await requireTenantRole(db, input);
  return db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.tenantId, input.tenantId))
    .orderBy(asc(memberships.role), asc(users.email));
}
