import { randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { DbError } from '../errors.js';
import { newId } from '../ids.js';
import { invites } from '../schema/invites.js';
import { type TenantRole, tenants } from '../schema/tenants.js';
import { users } from '../schema/users.js';
import { hashToken } from '../tokens.js';
import { emailSchema, parseInput } from '../validation.js';
import { assertSeatForInvite, assertSeatToJoin } from './billing/seats.js';
import { addMember } from './members.js';
import { MANAGER_ROLES, requireTenantRole } from './tenants.js';

/** How long an invitation link works. */
export const INVITE_TTL_DAYS = 7;

export type InviteState = 'pending' | 'accepted' | 'revoked' | 'expired';

export interface Invite {
  id: string;
  tenantId: string;
  tenantName: string;
  email: string;
  role: TenantRole;
  invitedBy: string;
  invitedByName: string;
  createdAt: Date;
  expiresAt: Date;
  state: InviteState;
}

const columns = {
  id: invites.id,
  tenantId: invites.tenantId,
  tenantName: tenants.name,
  email: invites.email,
  role: invites.role,
  invitedBy: invites.invitedBy,
  invitedByName: users.name,
  createdAt: invites.createdAt,
  expiresAt: invites.expiresAt,
  acceptedAt: invites.acceptedAt,
  revokedAt: invites.revokedAt,
};

type Row = { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date };
function stateOf(row: Row, at: Date): InviteState {
  if (row.acceptedAt) return 'accepted';
  if (row.revokedAt) return 'revoked';
  return row.expiresAt <= at ? 'expired' : 'pending';
}

function toInvite(row: Row & Omit<Invite, 'state'>, at: Date): Invite {
  const { acceptedAt: _a, revokedAt: _r, ...rest } = row;
  return { ...rest, state: stateOf(row, at) };
}

/** One writer of a tenant's seats at a time: invitations, joins and plan changes lock it. */
async function lockTenantRow(tx: Executor, tenantId: string): Promise<void> {
  await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).for('update');
}

const newToken = () => randomBytes(32).toString('base64url');
const expiry = (at: Date) => new Date(at.getTime() + INVITE_TTL_DAYS * 24 * 3600 * 1000);

/** Owners invite anyone; admins invite members only (as they may assign roles). */
async function requireInviter(
  db: Executor,
  input: { actorUserId: string; tenantId: string; role?: TenantRole },
) {
  const actor = await requireTenantRole(db, {
    tenantId: input.tenantId,
    userId: input.actorUserId,
    roles: MANAGER_ROLES,
  });
  if (input.role && actor.role !== 'owner' && input.role !== 'member') {
    throw new DbError('forbidden', 'Admins can invite members only; ask an owner for more.');
  }
  return actor;
}

/**
 * Invites `email` to a tenant. Answers the invitation and its link's token, which is shown (and
 * mailed) once: only its hash is stored. An earlier pending invitation of the same address to
 * the same tenant is revoked, so one link per person is live.
 */
export async function createInvite(
  db: Executor,
  input: { actorUserId: string; tenantId: string; email: string; role: TenantRole; at?: Date },
): Promise<{ invite: Invite; token: string }> {
  const email = parseInput(emailSchema, input.email);
  const at = input.at ?? new Date();
  const token = newToken();
  const id = newId('ivt');
  await db.transaction(async (tx) => {
    await requireInviter(tx, input);
    await tx
      .update(invites)
      .set({ revokedAt: at })
      .where(
        and(
          eq(invites.tenantId, input.tenantId),
          eq(invites.email, email),
          isNull(invites.acceptedAt),
          isNull(invites.revokedAt),
        ),
      );
    await lockTenantRow(tx, input.tenantId);
    await assertSeatForInvite(tx, input.tenantId, at);
    await tx.insert(invites).values({
      id,
      tenantId: input.tenantId,
      email,
      role: input.role,
      invitedBy: input.actorUserId,
      tokenHash: hashToken(token),
      createdAt: at,
      expiresAt: expiry(at),
    });
  });
  return { invite: await requireInvite(db, id, at), token };
}

async function requireInvite(db: Executor, inviteId: string, at: Date): Promise<Invite> {
  const [row] = await db
    .select(columns)
    .from(invites)
    .innerJoin(tenants, eq(tenants.id, invites.tenantId))
    .innerJoin(users, eq(users.id, invites.invitedBy))
    .where(eq(invites.id, inviteId));
  if (!row) throw new DbError('not_found', `No invitation has the id ${inviteId}.`);
  return toInvite(row, at);
}

/** The tenant's invitations still waiting for an answer, newest first (managers only). */
export async function listPendingInvites(
  db: Executor,
  input: { actorUserId: string; tenantId: string; at?: Date },
): Promise<Invite[]> {
  await requireInviter(db, input);
  const at = input.at ?? new Date();
  const rows = await db
    .select(columns)
    .from(invites)
    .innerJoin(tenants, eq(tenants.id, invites.tenantId))
    .innerJoin(users, eq(users.id, invites.invitedBy))
    .where(
      and(
        eq(invites.tenantId, input.tenantId),
        isNull(invites.acceptedAt),
        isNull(invites.revokedAt),
        gt(invites.expiresAt, at),
      ),
    )
    .orderBy(desc(invites.createdAt))
    .limit(200);
  return rows.map((row) => toInvite(row, at));
}

/** What a link that no longer works says of itself. */
export const INVITE_STATE_WORDS: Record<Exclude<InviteState, 'pending'>, string> = {
  accepted: 'has been used',
  revoked: 'has been revoked',
  expired: 'has expired',
};

/** A manager's change to a pending invitation of their tenant; `invite_invalid` otherwise. */
async function pendingForManager(
  tx: Executor,
  input: { actorUserId: string; tenantId: string; inviteId: string },
  at: Date,
) {
  const [row] = await tx
    .select()
    .from(invites)
    .where(and(eq(invites.id, input.inviteId), eq(invites.tenantId, input.tenantId)))
    .for('update');
  if (!row) throw new DbError('not_found', `No invitation ${input.inviteId} in this tenant.`);
  await requireInviter(tx, { ...input, role: row.role });
  const state = stateOf(row, at);
  if (state !== 'pending') {
    throw new DbError('invite_invalid', `This invitation ${INVITE_STATE_WORDS[state]}.`);
  }
  return row;
}

/** Revokes a pending invitation: its link stops working at once. */
export async function revokeInvite(
  db: Executor,
  input: { actorUserId: string; tenantId: string; inviteId: string; at?: Date },
): Promise<void> {
  const at = input.at ?? new Date();
  await db.transaction(async (tx) => {
    await pendingForManager(tx, input, at);
    await tx.update(invites).set({ revokedAt: at }).where(eq(invites.id, input.inviteId));
  });
}

/** A new link for a pending invitation, valid for another week; the old link stops working. */
export async function renewInvite(
  db: Executor,
  input: { actorUserId: string; tenantId: string; inviteId: string; at?: Date },
): Promise<{ invite: Invite; token: string }> {
  const at = input.at ?? new Date();
  const token = newToken();
  await db.transaction(async (tx) => {
    await pendingForManager(tx, input, at);
    await tx
      .update(invites)
      .set({ tokenHash: hashToken(token), expiresAt: expiry(at), invitedBy: input.actorUserId })
      .where(eq(invites.id, input.inviteId));
  });
  return { invite: await requireInvite(db, input.inviteId, at), token };
}

/** What an invitation link is: its invitation with its state, or undefined for no such link. */
export async function findInviteByToken(
  db: Executor,
  token: string,
  at = new Date(),
): Promise<Invite | undefined> {
  if (token.length === 0 || token.length > 200) return undefined;
  const [row] = await db
    .select(columns)
    .from(invites)
    .innerJoin(tenants, eq(tenants.id, invites.tenantId))
    .innerJoin(users, eq(users.id, invites.invitedBy))
    .where(eq(invites.tokenHash, hashToken(token)));
  return row && toInvite(row, at);
}

/**
 * Accepts an invitation, once: in one transaction the link is locked, found pending and meant
 * for this user's address, the inviter's rights are checked again (a demoted admin's links die)
 * and the member is added. A used, revoked or expired link is `invite_invalid`, so someone
 * removed from a tenant cannot rejoin with their old link.
 */
export async function acceptInvite(
  db: Executor,
  input: { token: string; userId: string; at?: Date },
): Promise<Invite> {
  const at = input.at ?? new Date();
  const inviteId = await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(invites)
      .where(eq(invites.tokenHash, hashToken(input.token)))
      .for('update');
    if (!row) throw new DbError('invite_invalid', 'This invitation link is not valid.');
    const state = stateOf(row, at);
    if (state !== 'pending') {
      throw new DbError(
        'invite_invalid',
        `This invitation has been ${state === 'expired' ? 'left to expire' : state}.`,
      );
    }
    const [user] = await tx
      .select({ email: users.email })
      .from(users)
      .where(eq(users.id, input.userId));
    if (user?.email !== row.email) {
      throw new DbError(
        'forbidden',
        `This invitation is for ${row.email}; sign in with that email.`,
      );
    }
    await lockTenantRow(tx, row.tenantId);
    await assertSeatToJoin(tx, row.tenantId);
    await addMember(tx, {
      actorUserId: row.invitedBy,
      tenantId: row.tenantId,
      userId: input.userId,
      role: row.role,
    });
    await tx
      .update(invites)
      .set({ acceptedAt: at, acceptedBy: input.userId })
      .where(eq(invites.id, row.id));
    return row.id;
  });
  return requireInvite(db, inviteId, at);
}
