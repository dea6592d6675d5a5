'use client';

import type { ReactNode } from 'react';
import { SubmitButton } from '@/components/submit-button';
import { Field, FormError } from '@/components/ui';

/** The email field of the sign-in, sign-up and forgot-password forms. */
export function EmailField() {
  return (
    <Field label="Email" name="email" testId="email" type="email" autoComplete="email" required />
  );
}

/**
 * The password field of the auth forms; `autoComplete` tells a password manager whether to fill
 * a saved password or to suggest a new one.
 */
export function PasswordField({
  label = 'Password',
  autoComplete,
}: {
  label?: string;
  autoComplete: 'current-password' | 'new-password';
}) {
  return (
    <Field
      label={label}
      name="password"
      testId="password"
      type="password"
      autoComplete={autoComplete}
      required
    />
  );
}

/** The end of an auth form: its error, then its full-width submit button. */
export function AuthSubmit({
  error,
  pending,
  testId,
  children,
}: {
  error: string | undefined;
  pending: boolean;
  testId: string;
  children: ReactNode;
}) {
  return (
    <>
      <FormError message={error} />
      <SubmitButton className="w-full" disabled={pending} data-testid={testId}>
        {children}
      </SubmitButton>
    </>
  );
}
