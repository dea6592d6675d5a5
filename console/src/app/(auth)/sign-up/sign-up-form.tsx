'use client';

import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { type FormEvent, useState } from 'react';
import { Button, FormError, Input, Label } from '@/components/ui';
import { signUpAction } from './actions';
import { signUpSchema } from './schema';

export function SignUpForm() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.currentTarget));
    const parsed = signUpSchema.safeParse(form);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      return;
    }
    setPending(true);
    setError(undefined);
    const result = await signUpAction(parsed.data);
    if (!result.ok) {
      setPending(false);
      setError(result.message);
      return;
    }
    await signIn('credentials', { ...parsed.data, redirect: false });
    router.push('/');
    router.refresh();
  }

  return (
    <form className="space-y-4" onSubmit={onSubmit} noValidate data-testid="sign-up-form">
      <div>
        <Label htmlFor="name">Name</Label>
        <Input id="name" name="name" autoComplete="name" required data-testid="name" />
      </div>
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
          autoComplete="new-password"
          required
          data-testid="password"
        />
      </div>
      <FormError message={error} />
      <Button type="submit" className="w-full" disabled={pending} data-testid="sign-up">
        {pending ? 'Creating your account…' : 'Create account'}
      </Button>
    </form>
  );
}
