'use client';

import { useSearchParams } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { Field } from '@/components/ui';
import { safeReturnPath } from '@/lib/return-path';
import { useAction } from '@/lib/use-action';
import { AuthSubmit, EmailField, PasswordField } from '../auth-fields';
import { signUpAction } from './actions';
import { signUpSchema } from './schema';

export function SignUpForm() {
  const params = useSearchParams();
  const [invalid, setInvalid] = useState<string>();
  const [sentTo, setSentTo] = useState<string>();
  const { error, pending, run } = useAction(signUpAction);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // The same schema as the server's, so most mistakes are named before a round trip.
    const parsed = signUpSchema.safeParse({
      ...Object.fromEntries(new FormData(event.currentTarget)),
      next: safeReturnPath(params.get('callbackUrl')),
    });
    if (!parsed.success) return setInvalid(parsed.error.issues[0]?.message);
    setInvalid(undefined);
    const result = await run(parsed.data);
    if (result.ok) setSentTo(parsed.data.email);
  }

  if (sentTo) {
    return (
      <p className="text-sm text-slate-700" data-testid="sign-up-sent">
        Check your mail: we sent a link to <strong>{sentTo}</strong>. Open it to confirm your
        address and sign in; it works for two days.
      </p>
    );
  }
  return (
    <form className="space-y-4" onSubmit={onSubmit} noValidate data-testid="sign-up-form">
      <Field label="Name" name="name" testId="name" autoComplete="name" required />
      <EmailField />
      <PasswordField autoComplete="new-password" />
      <AuthSubmit error={invalid ?? error} pending={pending} testId="sign-up">
        {pending ? 'Creating your account…' : 'Create account'}
      </AuthSubmit>
    </form>
  );
}
