'use client';

import Link from 'next/link';
import { useState } from 'react';
import { routes } from '@/config/routes';
import { useAction } from '@/lib/use-action';
import { AuthSubmit, EmailField } from '../auth-fields';
import { forgotPasswordAction } from './actions';

export default function ForgotPasswordPage() {
  const [sent, setSent] = useState(false);
  const { error, pending, onSubmit } = useAction(forgotPasswordAction, {
    onSuccess: () => setSent(true),
  });
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Forgot your password?</h1>
      {sent ? (
        <p className="text-sm text-slate-700" data-testid="reset-sent">
          If an account uses that address, a reset link is on its way. It works for one hour.
        </p>
      ) : (
        <form className="space-y-4" onSubmit={onSubmit}>
          <EmailField />
          <AuthSubmit error={error} pending={pending} testId="send-reset">
            Send a reset link
          </AuthSubmit>
        </form>
      )}
      <p className="mt-4 text-center text-sm">
        <Link className="text-brand-600 hover:underline" href={routes.signIn}>
          Back to sign-in
        </Link>
      </p>
    </>
  );
}
