import 'server-only';
import { createTenant, createUser, type Database, type User } from '@tagtime/db';

/**
 * A new person: their user and their personal tenant, in one transaction so a failure leaves
 * neither behind. A tenant without a subscription is on the Free plan.
 */
export function signUp(
  db: Database,
  input: { name: string; email: string; password: string },
): Promise<User> {
  return db.transaction(async (tx) => {
    const user = await createUser(tx, input);
    await createTenant(tx, { name: input.name, kind: 'personal', ownerUserId: user.id });
    return user;
  });
}
