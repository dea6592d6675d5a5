import type { Metadata } from 'next';
import Link from 'next/link';
import { readConfirmation } from '@/lib/account-mail';
import { signInPath } from '@/lib/return-path';
import { ConfirmEmail } from './confirm-email';

export const metadata: Metadata = { title: 'Confirm your email' };

export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const confirmation = await readConfirmation(token);
  if (confirmation.state === 'pending') {
    return (
      <>
        <h1 className="mb-2 text-xl font-semibold">Confirm your email</h1>
        <p className="mb-4 text-sm text-slate-700">
          Confirm <strong>{confirmation.email}</strong> to finish your account and sign in.
        </p>
        <ConfirmEmail token={token} next={confirmation.next} />
      </>
    );
  }
  const confirmed = confirmation.state === 'confirmed';
  return (
    <>
      <h1 className="mb-2 text-xl font-semibold">
        {confirmed ? 'Email confirmed' : 'This link does not work'}
      </h1>
      <p
        className="text-sm text-slate-700"
        data-testid={confirmed ? 'email-verified' : 'email-not-verified'}
      >
        {confirmed
          ? 'Your email address is confirmed already: sign in with your password.'
          : 'The link is not valid or has expired. Sign up again to get a new one.'}
      </p>
      <Link
        className="mt-4 inline-block text-brand-600 hover:underline"
        href={confirmed ? signInPath(confirmation.next) : '/sign-up'}
      >
        {confirmed ? 'Sign in' : 'Sign up'}
      </Link>
    </>
  );
}
