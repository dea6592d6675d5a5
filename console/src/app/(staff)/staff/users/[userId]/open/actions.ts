'use server';

import { DbError, getUser } from '@tagtime/db';
import { redirect } from 'next/navigation';
import { routes } from '@/config/routes';
import { db } from '@/lib/db';
import { withStaff } from '@/lib/guards/action-guards';
import { rememberVisitReason } from '@/lib/staff-reason';
import { openUserSchema } from './schema';

/** Only the user's own staff pages are a place to go on to. */
function safeNext(userId: string, next: string | undefined): string {
  const home = routes.staffUser(userId);
  return next && (next === home || next.startsWith(`${home}/`) || next.startsWith(`${home}?`))
    ? next
    : home;
}

export const openUserAction = withStaff(
  'support',
  openUserSchema,
  async ({ userId, reason, next }, { audit }) => {
    audit({ reason });
    const user = await getUser(db(), userId);
    if (!user) throw new DbError('not_found', `No user has the id ${userId}.`);
    audit({ subjectUserId: userId });
    await rememberVisitReason(userId, reason);
    redirect(safeNext(userId, next));
  },
  { audit: 'staff.open_user' },
);
