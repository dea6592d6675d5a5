/**
 * Seats: a paid subscription's `seats` is how many people its tenant may hold. Invitations
 * waiting for an answer hold a seat too, so a tenant cannot invite past what it pays for. On
 * Free there is no seat count (Free limits devices and history instead).
 */
import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../client.js';
import { DbError } from '../../errors.js';
import { invites } from '../../schema/invites.js';
import { memberships } from '../../schema/tenants.js';
import { users } from '../../schema/users.js';
import { findLiveSubscription } from './subscriptions.js';

export interface SeatUsage {
  /** Seats paid for; null on Free (no seat count). */
  seats: number | null;
  members: number;
  pendingInvites: number;
}

export async function seatUsage(
  db: Executor,
  tenantId: string,
  at = new Date(),
): Promise<SeatUsage> {
  const live = await findLiveSubscription(db, tenantId);
  const [members] = await db
    .select({ count: sql<number>`count(*)`.mapWith(Number) })
    .from(memberships)
    .where(eq(memberships.tenantId, tenantId));
  const [pending] = await db
    .select({ count: sql<number>`count(*)`.mapWith(Number) })
    .from(invites)
    .where(
      and(
        eq(invites.tenantId, tenantId),
        isNull(invites.acceptedAt),
        isNull(invites.revokedAt),
        gt(invites.expiresAt, at),
      ),
    );
  return {
    seats: live ? live.seats : null,
    members: members?.count ?? 0,
    pendingInvites: pending?.count ?? 0,
  };
}

/** Refuses an invitation when members and pending invitations already fill every seat. */
export async function assertSeatForInvite(db: Executor, tenantId: string, at = new Date()) {
  const usage = await seatUsage(db, tenantId, at);
  if (usage.seats === null) return;
  const taken = usage.members + usage.pendingInvites;
  if (taken >= usage.seats) {
    throw new DbError(
      'seats_full',
      `All ${usage.seats} seat${usage.seats === 1 ? ' is' : 's are'} taken (${usage.members} member${usage.members === 1 ? '' : 's'}, ${usage.pendingInvites} pending invitation${usage.pendingInvites === 1 ? '' : 's'}). Add a seat to invite someone else.`,
    );
  }
}

/** Refuses joining a tenant whose members already fill every seat (seats lowered meanwhile). */
export async function assertSeatToJoin(db: Executor, tenantId: string) {
  const usage = await seatUsage(db, tenantId);
  if (usage.seats !== null && usage.members >= usage.seats) {
    throw new DbError(
      'seats_full',
      'This team has no free seat now; ask one of its owners to add a seat, then open the link again.',
    );
  }
}

/**
 * Refuses a seat count below the tenant's member count, naming who would have to leave first:
 * the most recent joiners who are not owners.
 */
export async function assertSeatsHoldMembers(db: Executor, tenantId: string, seats: number) {
  const rows = await db
    .select({ name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.tenantId, tenantId))
    .orderBy(asc(sql`${memberships.role} = 'owner'`), desc(memberships.createdAt));
  const over = rows.length - seats;
  if (over <= 0) return;
  const leaving = rows.slice(0, over).map((row) => `${row.name} <${row.email}>`);
  throw new DbError(
    'too_many_members',
    `${rows.length} members need ${rows.length} seats; for ${seats}, ${over === 1 ? 'one member' : `${over} members`} must leave first: ${leaving.join(', ')}.`,
  );
}
