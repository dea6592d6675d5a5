import { accessGranted, listPasskeys } from '@tagtime/db';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { pendingSession } from '@/auth';
import { SignOutButton } from '@/components/sign-out-button';
import { db } from '@/lib/db';
import { safeReturnPath, signInPath } from '@/lib/return-path';
import { getTotpSecretFor } from '@/lib/second-factor/totp';
import { EnrolStep } from './enrol-step';
import { SecondFactorForm } from './second-factor-form';

export const metadata: Metadata = { title: 'Second factor' };

/**
 * The second step of sign-in, for a session that needs it: a passkey, an authenticator code or
 * a recovery code; a staff member without a second factor sets one up here first.
 */
export default async function SecondFactorPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string }>;
}) {
  const returnTo = safeReturnPath((await searchParams).callbackUrl);
  const session = await pendingSession();
  if (!session) redirect(signInPath(returnTo));
  if (accessGranted(session.access)) redirect(returnTo);
  if (!session.access.enrolled) {
    return (
      <>
        <h1 className="mb-2 text-xl font-semibold">Set up a second factor</h1>
        <p className="mb-4 text-sm text-slate-600" data-testid="enrol-required">
          Staff accounts read people’s logs, so a password alone is not enough. Add a passkey or an
          authenticator app to go on.
        </p>
        <EnrolStep returnTo={returnTo} />
        <div className="mt-6 border-t border-slate-100 pt-4">
          <SignOutButton />
        </div>
      </>
    );
  }
  const [keys, totp] = await Promise.all([
    listPasskeys(db(), session.user.id),
    getTotpSecretFor(session.user.id),
  ]);
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Second factor</h1>
      <SecondFactorForm returnTo={returnTo} passkey={keys.length > 0} totp={Boolean(totp)} />
      <div className="mt-6 border-t border-slate-100 pt-4">
        <SignOutButton />
      </div>
    </>
  );
}
