import { asc, like, or } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { DbError } from '../errors.js';
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

/**
 * Users whose email or name starts with `query`, deleted ones included, for support staff
 * looking for the person behind a ticket. Callers record the search in the audit trail.
 */
export async function searchUsers(
  db: Executor,
  input: { staffUserId: string; query: string; limit?: number },
): Promise<User[]> {
  await requireStaffRole(db, { userId: input.staffUserId, roles: ['support', 'staff-admin'] });
  const query = input.query.trim();
  if (query.length === 0) return [];
  const prefix = `${escapeLike(query.toLowerCase())}%`;
  const limit = Math.min(Math.max(input.limit ?? 20, 1), 100);
  return db
    .select(userColumns)
    .from(users)
    .where(or(like(users.email, prefix), like(users.name, prefix)))
    .orderBy(asc(users.email))
    .limit(limit);
}
