import 'server-only';
import {
  getStaffRoles,
  isSessionLive,
  recordAuditEvent,
  type StaffRole,
  type User,
} from '@tagtime/db';
import { notFound } from 'next/navigation';
import { requireUser } from '@/auth';
import { db } from './db';
import { staffRoleActingFor } from './roles';

/** A signed-in staff member and the role they act in. */
export interface StaffMember {
  user: User;
  actingAs: StaffRole;
}

export async function staffRoleFor(user: User, role: StaffRole): Promise<StaffRole | undefined> {
  return staffRoleActingFor(await getStaffRoles(db(), user.id), role);
}

/**
 * Whether a staff member may still act as `role` in this session: for what outlives the request
 * that checked it (a live tail), so a removed role or an ended session ends it.
 */
export async function staffStillActing(
  userId: string,
  sessionId: string,
  role: StaffRole,
): Promise<boolean> {
  if (!(await isSessionLive(db(), { sessionId, userId }))) return false;
  return staffRoleActingFor(await getStaffRoles(db(), userId), role) !== undefined;
}

/**
 * The signed-in staff member acting as `role` (default support), for staff pages. Customers get
 * a 404: the staff area does not announce itself.
 */
export async function requireStaff(role: StaffRole = 'support'): Promise<StaffMember> {
  const user = await requireUser();
  const actingAs = await staffRoleFor(user, role);
  if (!actingAs) notFound();
  return { user, actingAs };
}

/** Writes the audit row for a staff read or action, before its result is shown. */
export function auditStaff(
  staff: StaffMember,
  action: string,
  subject: { tenantId?: string; subjectUserId?: string; reason?: string } = {},
) {
  return recordAuditEvent(db(), {
    actorUserId: staff.user.id,
    actorRole: staff.actingAs,
    action,
    ...subject,
  });
}
