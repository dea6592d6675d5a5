import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { PLAN_CATALOGUE } from '../src/plan-catalogue.js';
import { findInvoiceTotalMismatches } from '../src/queries/billing/invoice-lines.js';
import { listInvoices } from '../src/queries/billing/invoices.js';
import { listPlans } from '../src/queries/billing/plans.js';
import { getTenantSubscription } from '../src/queries/billing/subscriptions.js';
import { authenticateDeviceToken, listDevices, revokeDevice } from '../src/queries/devices.js';
import { getStaffRoles } from '../src/queries/staff.js';
import { listMembers } from '../src/queries/tenants.js';
import { changePassword, verifyPassword } from '../src/queries/users.js';
import { invoices } from '../src/schema/billing.js';
import { DEMO_DEVICES, DEMO_USERS } from '../src/seed/demo-data.js';
import { seed } from '../src/seed/seed.js';
import { useTestDb } from './test-database.js';

const t = useTestDb();
const NOW = new Date('2030-06-15T12:00:00.000Z');

/** Row counts of everything the seed owns (other test files write to the same database). */
async function counts(tenantId: string) {
  const emails = DEMO_USERS.map((u) => u.email);
  const [rows] = await t.handle.pool.query(
    `select (select count(*) from users where email in (?)) u,
            (select count(*) from memberships where tenant_id = ?) m,
            (select count(*) from staff_roles r join users x on x.id = r.user_id where x.email in (?)) sr,
            (select count(*) from devices d join users x on x.id = d.user_id where x.email in (?)) d,
            (select count(*) from subscriptions where tenant_id = ?) s,
            (select count(*) from invoices where tenant_id = ?) i,
            (select count(*) from payments p join invoices v on v.id = p.invoice_id where v.tenant_id = ?) p,
            (select count(*) from plans where code in ('free', 'personal', 'team')) pl`,
    [emails, tenantId, emails, emails, tenantId, tenantId, tenantId],
  );
  return rows;
}

describe('seed', () => {
  it('writes the demo data: sign-ins, roles, tenant, devices, plans, subscription, invoices', async () => {
    const result = await seed(t.db, NOW);
    const byRole = Object.fromEntries(result.users.map((u) => [u.role, u]));
    for (const demo of DEMO_USERS) {
      const user = await verifyPassword(t.db, { email: demo.email, password: demo.password });
      expect(user).toBeTruthy();
      // Demo logins sign in at once: their addresses start confirmed.
      expect(user?.emailVerifiedAt).toBeInstanceOf(Date);
    }
    const owner = byRole.owner;
    const member = byRole.member;
    if (!owner || !member) throw new Error('seed returned no owner or member');
    expect(await getStaffRoles(t.db, byRole.support?.id ?? '')).toEqual(['support']);
    expect(await getStaffRoles(t.db, byRole['staff-admin']?.id ?? '')).toEqual(['staff-admin']);
    const members = await listMembers(t.db, { userId: member.id, tenantId: result.tenantId });
    expect(members.map((m) => [m.email, m.role])).toEqual([
      [owner.email, 'owner'],
      [member.email, 'member'],
    ]);
    const catalogue = PLAN_CATALOGUE.map((p) => p.code);
    expect((await listPlans(t.db)).map((p) => p.code).filter((c) => catalogue.includes(c))).toEqual(
      ['free', 'personal', 'team'],
    );
    expect(
      await getTenantSubscription(t.db, { userId: owner.id, tenantId: result.tenantId }),
    ).toMatchObject({ planCode: 'team', status: 'active', seats: 2 });
    for (const device of DEMO_DEVICES) {
      expect(await authenticateDeviceToken(t.db, device.token)).toMatchObject({
        deviceId: device.id,
        userId: owner.id,
      });
    }
    const listed = await listInvoices(t.db, { userId: owner.id, tenantId: result.tenantId });
    expect(listed.map((i) => i.status)).toEqual(['open', 'paid', 'paid']);
    expect(listed.map((i) => i.issuedAt?.toISOString().slice(0, 7))).toEqual([
      '2030-06',
      '2030-05',
      '2030-04',
    ]);
    const mismatches = await findInvoiceTotalMismatches(t.db);
    expect(listed.filter((i) => mismatches.includes(i.id))).toEqual([]);
    expect(listed.map((i) => i.totalCents)).toEqual([1600, 1600, 1600]);
  });

  it('is idempotent and restores changed passwords and revoked demo devices', async () => {
    const first = await seed(t.db, NOW);
    const before = await counts(first.tenantId);
    const owner = first.users.find((u) => u.role === 'owner');
    if (!owner) throw new Error('seed returned no owner');
    await changePassword(t.db, owner.id, 'someone changed it');
    await revokeDevice(t.db, DEMO_DEVICES[0]?.id ?? '');
    const again = await seed(t.db, new Date('2030-07-20T00:00:00.000Z'));
    expect(again.tenantId).toBe(first.tenantId);
    expect(again.users.map((u) => u.id)).toEqual(first.users.map((u) => u.id));
    // Staff sign in with a second factor: each demo staff login keeps its TOTP secret.
    const staffSecrets = first.users.filter(
      (u) => u.role === 'support' || u.role === 'staff-admin',
    );
    expect(staffSecrets.length).toBeGreaterThan(0);
    for (const staff of staffSecrets) expect(staff.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    expect(again.users.map((u) => u.totpSecret)).toEqual(first.users.map((u) => u.totpSecret));
    expect(first.users.find((u) => u.role === 'owner')?.totpSecret).toBeUndefined();
    expect(await counts(first.tenantId)).toEqual(before);
    expect(
      await verifyPassword(t.db, { email: owner.email, password: owner.password }),
    ).toBeTruthy();
    expect((await listDevices(t.db, owner.id)).every((d) => d.revokedAt === null)).toBe(true);
    const tenantInvoices = await t.db
      .select({ id: invoices.id })
      .from(invoices)
      .where(eq(invoices.tenantId, first.tenantId));
    expect(tenantInvoices).toHaveLength(3);
  });
});
