import { asc, eq, like, or } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { DbError } from '../errors.js';
import { devices } from '../schema/devices.js';
import { memberships, tenants } from '../schema/tenants.js';
import type { StaffRole } from '../schema/users.js';
import { users } from '../schema/users.js';
import { getStaffRoles } from './staff.js';
import { type User, userColumns } from './users.js';

/** The staff roles of `userId` if one of them is in `roles`; DbError `forbidden` otherwise. */
export async function requireStaffRole(
  db: Executor,
  input: { userId: string; roles: readonly StaffRole[] },
): Promise<StaffRole[]> {
  const held = await getStaffRoles(db, input.userId);
  if (!held.some((role) => input.roles.includes(role))) {
    throw new DbError('forbidden', `This needs the staff role ${input.roles.join(' or ')}.`);
  }
  return held;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** How a user matched a staff search. */
export type UserMatch = 'id' | 'email' | 'name' | 'tenant' | 'device';

export type FoundUser = User & { matchedBy: UserMatch[] };

/**
 * Users for support staff looking for the person behind a ticket, deleted ones included: by
 * user id, by any part of their email or name, by the name prefix of a tenant they belong to, or by a
 * device id (whole, or its start). Each result says how it matched. Callers record the search in
 * the audit trail.
 */
export async function searchUsers(
  db: Executor,
  input: { staffUserId: string; query: string; limit?: number },
): Promise<FoundUser[]> {
  await requireStaffRole(db, { userId: input.staffUserId, roles: ['support', 'staff-admin'] });
  const query = input.query.trim();
  if (query.length === 0) return [];
  const prefix = `${escapeLike(query.toLowerCase())}%`;
  const part = `%${escapeLike(query.toLowerCase())}%`;
  const idPrefix = `${escapeLike(query)}%`;
  const limit = Math.min(Math.max(input.limit ?? 20, 1), 100);
  const [people, byTenant, byDevice] = await Promise.all([
    db
      .select(userColumns)
      .from(users)
      .where(or(eq(users.id, query), like(users.email, part), like(users.name, part)))
      .orderBy(asc(users.email))
      .limit(limit),
    db
      .select(userColumns)
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
      .where(like(tenants.name, prefix))
      .orderBy(asc(users.email))
      .limit(limit),
    /^[A-Za-z0-9_-]{3,64}$/.test(query)
      ? db
          .select(userColumns)
          .from(users)
          .innerJoin(devices, eq(devices.userId, users.id))
          .where(like(devices.id, idPrefix))
          .orderBy(asc(users.email))
          .limit(limit)
      : Promise.resolve([]),
  ]);
  const found = new Map<string, FoundUser>();
  const add = (user: User, how: UserMatch) => {
    const entry = found.get(user.id) ?? { ...user, matchedBy: [] };
    if (!entry.matchedBy.includes(how)) entry.matchedBy.push(how);
    found.set(user.id, entry);
  };
  const lower = query.toLowerCase();
  for (const user of people) {
    if (user.id === query) add(user, 'id');
    if (user.email.toLowerCase().includes(lower)) add(user, 'email');
    if (user.name.toLowerCase().includes(lower)) add(user, 'name');
  }
  for (const user of byTenant) add(user, 'tenant');
  for (const user of byDevice) add(user, 'device');
  return [...found.values()].sort((a, b) => (a.email < b.email ? -1 : 1)).slice(0, limit);
}
