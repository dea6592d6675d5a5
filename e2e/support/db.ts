// The run's database, for what a test must set up or read behind the browser's back: staff
// accounts (nobody signs up as staff) and the mail the console sent.
import {
  beginTotpEnrolment,
  createDb,
  createUser,
  type DbHandle,
  grantStaffRole,
  listOutbox,
  markEmailVerified,
  type StaffRole,
  takeTotpStep,
} from '@tagtime/db';
import { generateSecret } from 'otplib';
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

/**
 * A confirmed account, as if it had signed up and opened its link; with a staff role if asked.
 * Staff must sign in with a second factor: a staff account gets an authenticator app, its
 * secret put on `person.totpSecret`, which `AuthPages.signIn` then answers with a code
 * (`{ secondFactor: false }`: none, so the first sign-in asks to set one up).
 */
export async function createAccount(
  person: { name: string; email: string; password: string; totpSecret?: string },
  staffRole?: StaffRole,
  options: { secondFactor?: boolean } = {},
) {
  const user = await createUser(testDb(), person);
  await markEmailVerified(testDb(), { userId: user.id, email: user.email });
  if (staffRole) {
    await grantStaffRole(testDb(), { userId: user.id, role: staffRole });
    if (options.secondFactor !== false) person.totpSecret = await enrolTotp(user.id);
  }
  return user;
}

/** Gives the user a confirmed authenticator app, as if set up on the security page. */
export async function enrolTotp(userId: string): Promise<string> {
  const secret = generateSecret();
  await beginTotpEnrolment(testDb(), { userId, secret });
  // Step 0 (1970) confirms it and leaves every real step free.
  await takeTotpStep(testDb(), { userId, timeStep: 0 });
  return secret;
}

/** The newest mail to an address (the outbox page is for staff; tests read the table). */
export async function mailTo(email: string) {
  return listOutbox(testDb(), { to: email, limit: 20 });
}
