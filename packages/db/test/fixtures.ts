import { randomBytes } from 'node:crypto';
import type { Executor } from '../src/client.js';
import { type DbErrorCode, isDbError } from '../src/errors.js';
import { addMember } from '../src/queries/members.js';
import { createTenant } from '../src/queries/tenants.js';
import { createUser, type User } from '../src/queries/users.js';
import type { TenantRole } from '../src/schema/tenants.js';

export const PASSWORD = 'correct horse battery staple';

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomBytes(4).toString('hex')}@example.test`;
}

export function makeUser(
  db: Executor,
  overrides: { email?: string; name?: string } = {},
): Promise<User> {
  return createUser(db, {
    email: overrides.email ?? uniqueEmail(),
    password: PASSWORD,
    name: overrides.name ?? 'Test User',
  });
}

/** `actor` adds `user` to `tenant` as `role` (refused unless the actor may). */
export function addAs(
  db: Executor,
  actor: { id: string },
  tenant: { id: string },
  user: { id: string },
  role: TenantRole,
) {
  return addMember(db, { actorUserId: actor.id, tenantId: tenant.id, userId: user.id, role });
}

/** A team tenant with an owner and a plain member. */
export async function tenantWithMember(db: Executor) {
  const owner = await makeUser(db);
  const member = await makeUser(db);
  const tenant = await createTenant(db, { name: 'Billed', kind: 'team', ownerUserId: owner.id });
  await addAs(db, owner, tenant, member, 'member');
  return { owner, member, tenant };
}

/** A matcher for `rejects.toSatisfy`: the error is a DbError with this code. */
export const is = (code: DbErrorCode) => (error: unknown) => isDbError(error, code);
