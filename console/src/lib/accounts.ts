import 'server-only';
import { createTenant, createUser, type Database, findUserByEmail, isDbError } from '@tagtime/db';
import { sendAccountExistsMail, sendConfirmationMail } from './account-mail';

/**
 * A new person: their user and their personal tenant, in one transaction so a failure leaves
 * neither behind, and the mail that confirms the address. When the address has an account
 * already, its owner gets a mail instead; the caller cannot tell the two apart (the password is
 * hashed either way), so sign-up does not reveal who has an account.
 */
export async function signUp(
  db: Database,
  input: { name: string; email: string; password: string; next?: string },
): Promise<void> {
  try {
    const user = await db.transaction(async (tx) => {
      const created = await createUser(tx, input);
      await createTenant(tx, { name: input.name, kind: 'personal', ownerUserId: created.id });
      return created;
    });
    await sendConfirmationMail(user, input.next);
  } catch (error) {
    if (!isDbError(error, 'email_taken')) throw error;
    const existing = await findUserByEmail(db, input.email);
    if (existing) await sendAccountExistsMail(existing);
  }
}
