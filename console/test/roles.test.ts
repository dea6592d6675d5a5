// The guards' role ladders, role by role: each role held against each level a guard can ask
// for, allowed and refused, written out by hand so a slip in the tables shows here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StaffRole, TenantRole } from '@tagtime/db';
import { describe, expect, it } from 'vitest';
import { staffRoleActingFor, tenantRoleSatisfies } from '../src/lib/roles';

const TENANT: Array<[held: TenantRole, needed: TenantRole, allowed: boolean]> = [
  ['member', 'member', true],
  ['member', 'admin', false],
  ['member', 'owner', false],
  ['admin', 'member', true],
  ['admin', 'admin', true],
  ['admin', 'owner', false],
  ['owner', 'member', true],
  ['owner', 'admin', true],
  ['owner', 'owner', true],
];

const STAFF: Array<[held: StaffRole[], needed: StaffRole, actingAs: StaffRole | undefined]> = [
  [[], 'support', undefined],
  [[], 'staff-admin', undefined],
  [['support'], 'support', 'support'],
  [['support'], 'staff-admin', undefined],
  [['staff-admin'], 'support', 'staff-admin'],
  [['staff-admin'], 'staff-admin', 'staff-admin'],
  [['support', 'staff-admin'], 'support', 'support'],
  [['support', 'staff-admin'], 'staff-admin', 'staff-admin'],
];

describe('the tenant role ladder (withTenantRole)', () => {
  it.each(TENANT)('%s asking for at least %s: allowed %s', (held, needed, allowed) => {
    expect(tenantRoleSatisfies(held, needed)).toBe(allowed);
  });

  it('refuses a role it does not know', () => {
    expect(tenantRoleSatisfies('guest' as TenantRole, 'member')).toBe(false);
  });
});

describe('the staff role ladder (withStaff, withStaffRoute, staff pages)', () => {
  it.each(STAFF)('holding %j, asking for %s: acts as %s', (held, needed, actingAs) => {
    expect(staffRoleActingFor(held, needed)).toBe(actingAs);
  });

  it('gives no staff role for a tenant role', () => {
    expect(staffRoleActingFor(['owner' as StaffRole], 'support')).toBeUndefined();
  });
});

describe('the guards climb these ladders', () => {
  // The guards need a request's session to run; that they decide by these functions (and not a
  // copy of the tables) is read from their source.
  const src = join(import.meta.dirname, '..', 'src', 'lib');
  it('withTenantRole asks tenantRoleSatisfies, the staff guards staffRoleActingFor', () => {
    expect(readFileSync(join(src, 'guards', 'action-guards.ts'), 'utf8')).toMatch(
      /if \(!tenantRoleSatisfies\(tenant\.role, role\)\)/,
    );
    expect(readFileSync(join(src, 'staff.ts'), 'utf8')).toMatch(
      /return staffRoleActingFor\(await getStaffRoles\(db\(\), user\.id\), role\)/,
    );
  });
});
