// The run's database, for what a test must set up or read behind the browser's back: staff
// accounts (nobody signs up as staff) and the mail the console sent.
import {
  createDb,
  createUser,
  type DbHandle,
  grantStaffRole,
  listOutbox,
  markEmailVerified,
  type StaffRole,
} from '@tagtime/db';
import { DATABASE_URL } from './env.js';

let handle: DbHandle | undefined;

/** One pool per worker, closed when the worker exits. */
export function testDb(): DbHandle['db'] {
  if (!handle) {
    handle = createDb(DATABASE_URL);
    process.once('beforeExit', () => void handle?.close());
  }
  return handle.db;
}

/** A confirmed account, as if it had signed up and opened its link; with a staff role if asked. */
export async function createAccount(
  person: { name: string; email: string; password: string },
  staffRole?: StaffRole,
) {
  const user = await createUser(testDb(), person);
  await markEmailVerified(testDb(), { userId: user.id, email: user.email });
  if (staffRole) await grantStaffRole(testDb(), { userId: user.id, role: staffRole });
  return user;
}

/** The newest mail to an address (the outbox page is for staff; tests read the table). */
export async function mailTo(email: string) {
  return listOutbox(testDb(), { to: email, limit: 20 });
}
