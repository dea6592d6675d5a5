'use client';

import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { type FormEvent, useRef, useState } from 'react';
import { SubmitButton } from '@/components/submit-button';
import { Field, FormError } from '@/components/ui';
import { routes } from '@/config/routes';
import { useAction } from '@/lib/use-action';
import { signUpAction } from './actions';
import { type SignUpInput, signUpSchema } from './schema';

export function SignUpForm() {
  const router = useRouter();
  const [invalid, setInvalid] = useState<string>();
  const [signingIn, setSigningIn] = useState(false);
  const submitted = useRef<SignUpInput>(undefined);
  const { error, pending, run } = useAction(signUpAction, {
    async onSuccess() {
      setSigningIn(true);
      await signIn('credentials', { ...submitted.current, redirect: false });
      router.push(routes.overview);
      router.refresh();
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // The same schema as the server's, so most mistakes are named before a round trip.
    const parsed = signUpSchema.safeParse(Object.fromEntries(new FormData(event.currentTarget)));
    if (!parsed.success) return setInvalid(parsed.error.issues[0]?.message);
    setInvalid(undefined);
    submitted.current = parsed.data;
    run(parsed.data);
  }
  const busy = pending || signingIn;

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
      <FormError message={invalid ?? error} />
      <SubmitButton className="w-full" disabled={busy} data-testid="sign-up">
        {busy ? 'Creating your account…' : 'Create account'}
      </SubmitButton>
    </form>
  );
}
