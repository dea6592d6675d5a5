'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { SubmitButton } from '@/components/submit-button';
import { Field, FormError } from '@/components/ui';
import { forgotPasswordAction } from '../actions';

export default function ForgotPasswordPage() {
  const [error, setError] = useState<string>();
  const [sent, setSent] = useState(false);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await forgotPasswordAction(
      Object.fromEntries(new FormData(event.currentTarget)),
    );
    if (!result.ok) return setError(result.message);
    setSent(true);
  }
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Forgot your password?</h1>
      {sent ? (
        <p className="text-sm text-slate-700" data-testid="reset-sent">
          If an account uses that address, a reset link is on its way. It works for one hour.
        </p>
      ) : (
        <form className="space-y-4" onSubmit={onSubmit}>
          <Field
            label="Email"
            name="email"
            id="email"
            testId="email"
            type="email"
            autoComplete="email"
            required
          />
          <FormError message={error} />
          <SubmitButton className="w-full" data-testid="send-reset">
            Send a reset link
          </SubmitButton>
        </form>
      )}
      <p className="mt-4 text-center text-sm">
        <Link className="text-brand-600 hover:underline" href="/sign-in">
          Back to sign-in
        </Link>
      </p>
    </>
  );
}
