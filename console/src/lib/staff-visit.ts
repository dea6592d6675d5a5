import 'server-only';
import { getUser, type User } from '@tagtime/db';
import { notFound, redirect } from 'next/navigation';
import { routes } from '@/config/routes';
import { db } from './db';
import { requireStaff, type StaffMember } from './staff';
import { newIntentId } from './staff-intent';
import { visitReason } from './staff-reason';
import type { StaffRead } from './support-logs';

export interface UserVisit {
  staff: StaffMember;
  user: User;
  reason: string;
  /** What every log-server read of this visit carries into the audit trail. */
  read: StaffRead;
}

/**
 * The start of every staff page about one user: a staff member, an existing user, and the
 * reason given for this visit — without one, the staff member is sent to give it first, and
 * nothing about the user is read.
 */
export async function requireUserVisit(userId: string, returnTo: string): Promise<UserVisit> {
  const staff = await requireStaff();
  const reason = await visitReason(userId);
  if (!reason) redirect(routes.staffUserOpen(userId, returnTo));
  const user = await getUser(db(), userId);
  if (!user) notFound();
  // One page view is one intent: the page's audit row and every read it makes are one row.
  const read = {
    staffUserId: staff.user.id,
    reason,
    sessionId: staff.sessionId,
    intentId: newIntentId(),
  };
  return { staff, user, reason, read };
}
