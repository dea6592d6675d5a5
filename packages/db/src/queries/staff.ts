import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { type StaffRole, staffRoles } from '../schema/users.js';
import { requireUser } from './users.js';

/** The global staff roles of a user in `staffRoleValues` order (empty for customers). */
export async function getStaffRoles(db: Executor, userId: string): Promise<StaffRole[]> {
  const rows = await db
    .select({ role: staffRoles.role })
    .from(staffRoles)
    .where(eq(staffRoles.userId, userId))
    .orderBy(asc(staffRoles.role));
  return rows.map((row) => row.role);
}

/** Grants a staff role; granting one the user already has changes nothing. */
export async function grantStaffRole(
  db: Executor,
  input: { userId: string; role: StaffRole },
): Promise<void> {
  await requireUser(db, input.userId);
  await db
    .insert(staffRoles)
    .values({ userId: input.userId, role: input.role, createdAt: new Date() })
    .onDuplicateKeyUpdate({ set: { role: input.role } });
}

export async function revokeStaffRole(
  db: Executor,
  input: { userId: string; role: StaffRole },
): Promise<void> {
  await db
    .delete(staffRoles)
    .where(and(eq(staffRoles.userId, input.userId), eq(staffRoles.role, input.role)));
}
