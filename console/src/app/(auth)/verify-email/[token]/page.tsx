import type { Metadata } from 'next';
import Link from 'next/link';
import { verifyEmail } from '@/lib/account-mail';

export const metadata: Metadata = { title: 'Confirm your email' };

export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const verified = await verifyEmail(token);
  return (
    <>
      <h1 className="mb-2 text-xl font-semibold">
        {verified ? 'Email confirmed' : 'This link does not work'}
      </h1>
      <p
        className="text-sm text-slate-700"
        data-testid={verified ? 'email-verified' : 'email-not-verified'}
      >
        {verified
          ? 'Thank you: your email address is confirmed.'
          : 'The link is not valid or has expired. Sign in and ask for a new one from the overview.'}
      </p>
      <Link className="mt-4 inline-block text-brand-600 hover:underline" href="/">
        Go to the console
      </Link>
    </>
  );
}
