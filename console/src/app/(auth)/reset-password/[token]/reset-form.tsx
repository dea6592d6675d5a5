'use client';

import Link from 'next/link';
import { useState } from 'react';
import { SubmitButton } from '@/components/submit-button';
import { Field, FormError } from '@/components/ui';
import { routes } from '@/config/routes';
import { useAction } from '@/lib/use-action';
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
      <Field
        label="New password"
        name="password"
        id="password"
        testId="password"
        type="password"
        autoComplete="new-password"
        required
      />
      <FormError message={error} />
      <SubmitButton className="w-full" disabled={pending} data-testid="reset-password">
        Set password
      </SubmitButton>
    </form>
  );
}
