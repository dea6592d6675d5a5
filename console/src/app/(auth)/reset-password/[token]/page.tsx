'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { SubmitButton } from '@/components/submit-button';
import { Field, FormError } from '@/components/ui';
import { resetPasswordAction } from '../../actions';

export default function ResetPasswordPage() {
  const { token } = useParams<{ token: string }>();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await resetPasswordAction({
      token,
      password: new FormData(event.currentTarget).get('password'),
    });
    if (!result.ok) return setError(result.message);
    setDone(true);
  }
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Choose a new password</h1>
      {done ? (
        <p className="text-sm text-slate-700" data-testid="reset-done">
          Your password is changed.{' '}
          <Link className="text-brand-600 hover:underline" href="/sign-in">
            Sign in
          </Link>
        </p>
      ) : (
        <form className="space-y-4" onSubmit={onSubmit}>
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
          <SubmitButton className="w-full" data-testid="reset-password">
            Set password
          </SubmitButton>
        </form>
      )}
    </>
  );
}
