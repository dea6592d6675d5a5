'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { type FormEvent, useState } from 'react';
import { Button, FormError, Input, Label } from '@/components/ui';

const MESSAGES: Record<string, string> = {
  CredentialsSignin: 'That email and password do not match an account.',
  rate_limited: 'Too many attempts for this email. Wait 15 minutes and try again.',
};

export function SignInForm() {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    const result = await signIn('credentials', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      redirect: false,
    });
    setPending(false);
    if (!result || result.error) {
      setError(MESSAGES[result?.error ?? ''] ?? 'Sign-in failed. Try again.');
      return;
    }
    router.push(params.get('callbackUrl') ?? '/');
    router.refresh();
  }

  return (
    <form className="space-y-4" onSubmit={onSubmit} data-testid="sign-in-form">
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
      <div>
        <Label htmlFor="password">Password</Label>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          data-testid="password"
        />
      </div>
      <FormError message={error} />
      <Button type="submit" className="w-full" disabled={pending} data-testid="sign-in">
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
