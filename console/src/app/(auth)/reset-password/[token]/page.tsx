import type { Metadata } from 'next';
import Link from 'next/link';
import { resetLinkIsLive } from '@/lib/account-mail';
import { ResetPasswordForm } from './reset-form';

export const metadata: Metadata = { title: 'Choose a new password' };

/** A dead link (used, expired, altered) says so at once instead of offering a form. */
export default async function ResetPasswordPage({
  params,
}: {
  params: Promise<{ token: string }>;
}) {
  const { token } = await params;
  if (!(await resetLinkIsLive(token))) {
    return (
      <>
        <h1 className="mb-2 text-xl font-semibold">This reset link does not work</h1>
        <p className="text-sm text-slate-700" data-testid="reset-link-dead">
          It has been used, has expired, or your password changed since it was sent.
        </p>
        <Link className="mt-4 inline-block text-brand-600 hover:underline" href="/forgot-password">
          Ask for a new link
        </Link>
      </>
    );
  }
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Choose a new password</h1>
      <ResetPasswordForm token={token} />
    </>
  );
}
