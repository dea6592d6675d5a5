import 'server-only';
import {
  accessGranted,
  auditIntentRead,
  getStaffRoles,
  isSessionLive,
  recordAuditEvent,
  recordRefusal,
  type StaffRole,
  type User,
} from '@tagtime/db';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { currentSession, pendingSession, requireUser } from '@/auth';
import { db } from './db';
import { RETURN_TO_HEADER } from './return-path';
import { staffRoleActingFor } from './roles';

/**
 * A signed-in staff member, the role they act in, and their console session (past its second
 * factor: the log server's admin API checks it again).
 */
export interface StaffMember {
  user: User;
  actingAs: StaffRole;
  sessionId: string;
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
  await auditMissingSecondFactor('staff.page');
  const user = await requireUser();
  const session = await currentSession();
  const actingAs = await staffRoleFor(user, role);
  if (!actingAs || !session) notFound();
  return { user, actingAs, sessionId: session.sessionId };
}

/**
 * Writes the audit row for a staff read or action, before its result is shown. With an
 * `intentId` the row is that intent's (a page view): the log server's reads for the same
 * intent count on it instead of writing rows of their own.
 */
export async function auditStaff(
  staff: StaffMember,
  action: string,
  subject: { tenantId?: string; subjectUserId?: string; reason?: string; intentId?: string } = {},
): Promise<void> {
  const { intentId, ...rest } = subject;
  const event = { actorUserId: staff.user.id, actorRole: staff.actingAs, action, ...rest };
  if (intentId) await auditIntentRead(db(), { ...event, intentId });
  else await recordAuditEvent(db(), event);
}

/**
 * A staff member signed in with a password alone reaching for a staff page or the staff API:
 * the refusal is audited (`second_factor_required`) before they are sent to the second step.
 */
export async function auditMissingSecondFactor(action: string): Promise<void> {
  const pending = await pendingSession();
  if (!pending || accessGranted(pending.access) || !pending.access.staff) return;
  const path = (await headers()).get(RETURN_TO_HEADER) ?? undefined;
  await recordRefusal(
    db(),
    {
      actorUserId: pending.user.id,
      actorRole: 'none',
      action,
      reason: path?.slice(0, 300) ?? null,
    },
    'second_factor_required',
  );
}
