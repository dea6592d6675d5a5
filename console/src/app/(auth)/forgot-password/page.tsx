'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { Button, FormError, Input, Label } from '@/components/ui';
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
          <div>
            <Label htmlFor="email">Email</Label>
            <Input
              id="email"
              name="email"
              type="email"
              autoComplete="email"
              required
              data-testid="email"
            />
          </div>
          <FormError message={error} />
          <Button type="submit" className="w-full" data-testid="send-reset">
            Send a reset link
          </Button>
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
