'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { type FormEvent, useState } from 'react';
import { inWords } from '@/lib/format';
import { forgetPingerShell } from '@/lib/pinger/service-worker';
import { safeReturnPath } from '@/lib/return-path';
import { AuthSubmit, EmailField, PasswordField } from '../auth-fields';

/** What next-auth's error code means for the person signing in. */
function message(code: string | undefined): string {
  if (code === 'CredentialsSignin') {
    return 'That email and password do not match an account. A new account signs in once you open the link we mailed.';
  }
  const limited = /^rate_limited:(\d+)$/.exec(code ?? '');
  if (limited) return `Too many attempts. Try again ${inWords(Number(limited[1]))}.`;
  if (code === 'unavailable') {
    return 'Sign-in is unavailable just now. Try again in a few minutes (code: unavailable).';
  }
  return 'Sign-in failed. Try again.';
}

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
    // The pinger's kept page is the last session's: another person may be signing in.
    await forgetPingerShell();
    const result = await signIn('credentials', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      redirect: false,
    });
    setPending(false);
    if (!result || result.error) {
      setError(message(result?.error ?? undefined));
      return;
    }
    router.push(safeReturnPath(params.get('callbackUrl')));
    router.refresh();
  }

  return (
    <form className="space-y-4" onSubmit={onSubmit} data-testid="sign-in-form">
      <EmailField />
      <PasswordField autoComplete="current-password" />
      <AuthSubmit error={error} pending={pending} testId="sign-in">
        {pending ? 'Signing in…' : 'Sign in'}
      </AuthSubmit>
    </form>
  );
}
