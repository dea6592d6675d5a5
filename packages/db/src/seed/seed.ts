import { eq } from 'drizzle-orm';
import type { Database } from '../client.js';
import { randomBase32 } from '../ids.js';
import { PLAN_CATALOGUE } from '../plan-catalogue.js';
import { createInvoice, issueInvoice } from '../queries/billing/invoices.js';
import { recordPayment } from '../queries/billing/payments.js';
import { upsertPlans } from '../queries/billing/plans.js';
import { createSubscription, findLiveSubscription } from '../queries/billing/subscriptions.js';
import { grantStaffRole } from '../queries/staff.js';
import { createTenant, getMembership, listTenantsForUser } from '../queries/tenants.js';
import {
  changePassword,
  createUser,
  findUserByEmail,
  markEmailVerified,
  type User,
  verifyPassword,
} from '../queries/users.js';
import { invoices } from '../schema/billing.js';
import { devices } from '../schema/devices.js';
import { totpSecrets } from '../schema/second-factors.js';
import { memberships } from '../schema/tenants.js';
import { hashToken } from '../tokens.js';
import {
  DEMO_DEVICES,
  DEMO_PLAN_CODE,
  DEMO_SEATS,
  DEMO_TENANT_NAME,
  DEMO_USERS,
  type DemoDevice,
  type DemoUser,
} from './demo-data.js';

export interface SeedResult {
  tenantId: string;
  users: Array<{
    id: string;
    email: string;
    password: string;
    role: string;
    /** Staff sign in with a second factor: their authenticator app's secret (base32). */
    totpSecret?: string;
  }>;
  devices: DemoDevice[];
}

/**
 * The demo user, created if missing, its address confirmed (a demo login signs in at once); its
 * password is reset to the known one if it changed.
 */
async function ensureUser(db: Database, demo: DemoUser): Promise<User> {
  const existing = await findUserByEmail(db, demo.email);
  const user =
    existing ??
    (await createUser(db, { email: demo.email, password: demo.password, name: demo.name }));
  if (existing && !(await verifyPassword(db, { email: demo.email, password: demo.password }))) {
    await changePassword(db, existing.id, demo.password);
  }
  if (!user.emailVerifiedAt) await markEmailVerified(db, { userId: user.id, email: user.email });
  return user;
}

/**
 * A staff member's authenticator app: staff need a second factor, so each demo staff login has
 * a confirmed TOTP secret, made at random for this install (kept on later seeds).
 */
async function ensureTotp(db: Database, userId: string, now: Date): Promise<string> {
  const [existing] = await db.select().from(totpSecrets).where(eq(totpSecrets.userId, userId));
  if (existing?.confirmedAt) return existing.secret;
  const secret = randomBase32(20).toUpperCase();
  await db
    .insert(totpSecrets)
    .values({ userId, secret, confirmedAt: now, createdAt: now })
    .onDuplicateKeyUpdate({ set: { secret, confirmedAt: now, lastTimeStep: null } });
  return secret;
}

/** The otpauth URI an authenticator app reads (Key URI Format). */
export function otpauthUri(email: string, secret: string): string {
  const issuer = encodeURIComponent('TagTime Data');
  return `otpauth://totp/${issuer}:${encodeURIComponent(email)}?secret=${secret}&issuer=${issuer}`;
}

async function ensureTenant(db: Database, owner: User): Promise<string> {
  const owned = await listTenantsForUser(db, owner.id);
  const tenant = owned.find((t) => t.name === DEMO_TENANT_NAME && t.role === 'owner');
  if (tenant) return tenant.id;
  return (await createTenant(db, { name: DEMO_TENANT_NAME, kind: 'team', ownerUserId: owner.id }))
    .id;
}

async function ensureDevice(db: Database, userId: string, demo: DemoDevice): Promise<void> {
  await db
    .insert(devices)
    .values({
      id: demo.id,
      userId,
      name: demo.name,
      kind: demo.kind,
      tokenHash: hashToken(demo.token),
      createdAt: new Date(),
    })
    .onDuplicateKeyUpdate({ set: { userId, tokenHash: hashToken(demo.token), revokedAt: null } });
}

function monthStart(at: Date, monthsBack: number): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - monthsBack, 1));
}

/** Two paid invoices for past months and an open one for this month. */
async function ensureInvoices(db: Database, tenantId: string, subscriptionId: string, now: Date) {
  const [existing] = await db
    .select({ id: invoices.id })
    .from(invoices)
    .where(eq(invoices.tenantId, tenantId))
    .limit(1);
  if (existing) return;
  for (const monthsBack of [2, 1, 0]) {
    const issuedAt = monthStart(now, monthsBack);
    const invoice = await createInvoice(
      db,
      {
        tenantId,
        subscriptionId,
        currency: 'EUR',
        lines: [
          {
            description: `Team plan, ${DEMO_SEATS} seats`,
            quantity: DEMO_SEATS,
            unitAmountCents: 800,
          },
        ],
      },
      issuedAt,
    );
    const dueAt = new Date(issuedAt.getTime() + 14 * 24 * 3600 * 1000);
    await issueInvoice(db, { invoiceId: invoice.id, issuedAt, dueAt });
    if (monthsBack > 0) {
      await recordPayment(db, {
        invoiceId: invoice.id,
        amountCents: invoice.totalCents,
        method: 'card',
        reference: `demo-${issuedAt.toISOString().slice(0, 7)}`,
        paidAt: new Date(issuedAt.getTime() + 3 * 24 * 3600 * 1000),
      });
    }
  }
}

/**
 * Fills a migrated database with the demo data. Idempotent: running it again adds nothing and
 * restores the known passwords, tokens and memberships if they were changed.
 */
export async function seed(db: Database, now = new Date()): Promise<SeedResult> {
  await upsertPlans(db, PLAN_CATALOGUE);
  const users = new Map<DemoUser['key'], User>();
  for (const demo of DEMO_USERS) users.set(demo.key, await ensureUser(db, demo));
  const owner = users.get('owner');
  if (!owner) throw new Error('The demo data has no owner.');
  const tenantId = await ensureTenant(db, owner);
  const totps = new Map<DemoUser['key'], string>();
  for (const demo of DEMO_USERS) {
    const user = users.get(demo.key);
    if (!user) continue;
    if (demo.tenantRole && !(await getMembership(db, { tenantId, userId: user.id }))) {
      await db
        .insert(memberships)
        .values({ tenantId, userId: user.id, role: demo.tenantRole, createdAt: now });
    }
    if (demo.staffRole) {
      await grantStaffRole(db, { userId: user.id, role: demo.staffRole });
      totps.set(demo.key, await ensureTotp(db, user.id, now));
    }
  }
  for (const device of DEMO_DEVICES) await ensureDevice(db, owner.id, device);
  const subscription =
    (await findLiveSubscription(db, tenantId)) ??
    (await createSubscription(db, {
      tenantId,
      planCode: DEMO_PLAN_CODE,
      seats: DEMO_SEATS,
      status: 'active',
      currentPeriodStart: monthStart(now, 0),
      currentPeriodEnd: monthStart(now, -1),
    }));
  await ensureInvoices(db, tenantId, subscription.id, now);
  return {
    tenantId,
    users: DEMO_USERS.map((demo) => ({
      id: users.get(demo.key)?.id ?? '',
      email: demo.email,
      password: demo.password,
      role: demo.tenantRole ?? demo.staffRole ?? '',
      ...(totps.has(demo.key) ? { totpSecret: totps.get(demo.key) } : {}),
    })),
    devices: [...DEMO_DEVICES],
  };
}
