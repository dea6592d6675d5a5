import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../client.js';
import { DbError } from '../errors.js';
import { memberships, tenants } from '../schema/tenants.js';
import { parseInput } from '../validation.js';
import { requireStaffRole } from './staff-search.js';

export interface TenantForStaff {
  id: string;
  name: string;
  kind: 'personal' | 'team';
  taxRateBasisPoints: number;
  members: number;
}

/** Every tenant by name (at most `limit`), for staff pickers; any staff role. */
export async function listTenantsForStaff(
  db: Executor,
  input: { staffUserId: string; limit?: number },
): Promise<TenantForStaff[]> {
  await requireStaffRole(db, { userId: input.staffUserId, roles: ['support', 'staff-admin'] });
  return db
    .select({
      id: tenants.id,
      name: tenants.name,
      kind: tenants.kind,
      taxRateBasisPoints: tenants.taxRateBasisPoints,
      members:
        sql<number>`(select count(*) from ${memberships} where ${memberships.tenantId} = ${tenants.id})`.mapWith(
          Number,
        ),
    })
    .from(tenants)
    .orderBy(asc(tenants.name), asc(tenants.id))
    .limit(Math.min(Math.max(input.limit ?? 1000, 1), 5000));
}

const taxRateInput = z.object({
  tenantId: z.string().min(1).max(32),
  basisPoints: z.number().int().min(0).max(10_000),
});

/** Sets the tax rate (hundredths of a percent) of a tenant's next invoices; staff admins only. */
export async function setTenantTaxRate(
  db: Executor,
  input: { staffUserId: string; tenantId: string; basisPoints: number },
): Promise<void> {
  await requireStaffRole(db, { userId: input.staffUserId, roles: ['staff-admin'] });
  const { tenantId, basisPoints } = parseInput(taxRateInput, input);
  const [result] = await db
    .update(tenants)
    .set({ taxRateBasisPoints: basisPoints, updatedAt: new Date() })
    .where(eq(tenants.id, tenantId));
  if (result.affectedRows !== 1) {
    throw new DbError('not_found', `No tenant has the id ${tenantId}.`);
  }
}
