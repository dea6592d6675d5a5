import { FREE_PLAN } from '@tagtime/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { SignUpForm } from './sign-up-form';

export const metadata: Metadata = { title: 'Create an account' };

export default function SignUpPage() {
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Create an account</h1>
      <p className="mb-4 text-sm text-slate-600">
        Starts on the Free plan: {FREE_PLAN.maxDevices} devices, {FREE_PLAN.historyDays} days of
        history.
      </p>
      <SignUpForm />
      <p className="mt-4 text-center text-sm text-slate-600">
        Have an account?{' '}
        <Link className="font-medium text-brand-600 hover:underline" href="/sign-in">
          Sign in
        </Link>
      </p>
    </>
  );
}
