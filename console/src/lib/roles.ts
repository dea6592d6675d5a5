import type { StaffRole, TenantRole } from '@tagtime/db';

/**
 * The role ladders every guard climbs, apart from the guards so they can be tested role by
 * role: a tenant owner may do what an admin may, an admin what a member may; a staff admin may
 * do what support may. Nothing else is implied: staff roles give nothing inside a tenant.
 */
export const TENANT_ROLES_AT_LEAST: Readonly<Record<TenantRole, readonly TenantRole[]>> = {
  member: ['owner', 'admin', 'member'],
  admin: ['owner', 'admin'],
  owner: ['owner'],
};

export const STAFF_ROLES_COVERING: Readonly<Record<StaffRole, readonly StaffRole[]>> = {
  support: ['support', 'staff-admin'],
  'staff-admin': ['staff-admin'],
};

/** Whether someone holding `held` in a tenant may do what needs at least `needed`. */
export function tenantRoleSatisfies(held: TenantRole, needed: TenantRole): boolean {
  return TENANT_ROLES_AT_LEAST[needed].includes(held);
}

/** The staff role, of those held, that acts for `needed` (staff-admin covers support). */
export function staffRoleActingFor(
  held: readonly StaffRole[],
  needed: StaffRole,
): StaffRole | undefined {
  return STAFF_ROLES_COVERING[needed].find((candidate) => held.includes(candidate));
}
