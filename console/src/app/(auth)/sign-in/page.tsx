import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { safeReturnPath } from '@/lib/return-path';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string }>;
}) {
  const returnTo = safeReturnPath((await searchParams).callbackUrl);
  const signUp =
    returnTo === '/' ? '/sign-up' : `/sign-up?callbackUrl=${encodeURIComponent(returnTo)}`;
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Sign in</h1>
      <Suspense>
        <SignInForm />
      </Suspense>
      <p className="mt-4 text-center text-sm text-slate-600">
        <Link
          className="text-brand-600 hover:underline"
          href="/forgot-password"
          data-testid="forgot-password"
        >
          Forgot your password?
        </Link>
        <br />
        New here?{' '}
        <Link
          className="font-medium text-brand-600 hover:underline"
          href={signUp}
          data-testid="create-account"
        >
          Create an account
        </Link>
      </p>
    </>
  );
}
