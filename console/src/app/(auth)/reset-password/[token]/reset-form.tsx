'use client';

import Link from 'next/link';
import { useState } from 'react';
import { routes } from '@/config/routes';
import { useAction } from '@/lib/use-action';
import { AuthSubmit, PasswordField } from '../../auth-fields';
import { resetPasswordAction } from './actions';

export function ResetPasswordForm({ token }: { token: string }) {
  const [done, setDone] = useState(false);
  const { error, pending, onSubmit } = useAction(resetPasswordAction, {
    onSuccess: () => setDone(true),
  });
  if (done) {
    return (
      <p className="text-sm text-slate-700" data-testid="reset-done">
        Your password is changed, and every browser signed in to your account is signed out.{' '}
        <Link className="text-brand-600 hover:underline" href={routes.signIn}>
          Sign in
        </Link>
      </p>
    );
  }
  return (
    <form className="space-y-4" onSubmit={onSubmit}>
      <input type="hidden" name="token" value={token} />
      <PasswordField label="New password" autoComplete="new-password" />
      <AuthSubmit error={error} pending={pending} testId="reset-password">
        Set password
      </AuthSubmit>
    </form>
  );
}
