import { FREE_PLAN } from '@tagtime/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { signInPath } from '@/lib/return-path';
import { SignUpForm } from './sign-up-form';

export const metadata: Metadata = { title: 'Create an account' };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string }>;
}) {
  const { callbackUrl } = await searchParams;
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Create an account</h1>
      <p className="mb-4 text-sm text-slate-600">
        Starts on the Free plan: {FREE_PLAN.maxDevices} devices, {FREE_PLAN.historyDays} days of
        history.
      </p>
      <Suspense>
        <SignUpForm />
      </Suspense>
      <p className="mt-4 text-center text-sm text-slate-600">
        Have an account?{' '}
        <Link className="font-medium text-brand-600 hover:underline" href={signInPath(callbackUrl)}>
          Sign in
        </Link>
      </p>
    </>
  );
}
