import 'server-only';
import { createTenant, createUser, type Database, type User } from '@tagtime/db';
import { sendVerificationMail } from './account-mail';

/**
 * A new person: their user and their personal tenant, in one transaction so a failure leaves
 * neither behind. A tenant without a subscription is on the Free plan.
 */
export async function signUp(
  db: Database,
  input: { name: string; email: string; password: string },
): Promise<User> {
  const user = await db.transaction(async (tx) => {
    const created = await createUser(tx, input);
    await createTenant(tx, { name: input.name, kind: 'personal', ownerUserId: created.id });
    return created;
  });
  await sendVerificationMail(user);
  return user;
}
