'use client';

import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { type FormEvent, useState } from 'react';
import { SubmitButton } from '@/components/submit-button';
import { Field, FormError } from '@/components/ui';
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
      <Field label="Name" name="name" id="name" testId="name" autoComplete="name" required />
      <Field
        label="Email"
        name="email"
        id="email"
        testId="email"
        type="email"
        autoComplete="email"
        required
      />
      <Field
        label="Password"
        name="password"
        id="password"
        testId="password"
        type="password"
        autoComplete="new-password"
        required
      />
      <FormError message={error} />
      <SubmitButton className="w-full" disabled={pending} data-testid="sign-up">
        {pending ? 'Creating your account…' : 'Create account'}
      </SubmitButton>
    </form>
  );
}
