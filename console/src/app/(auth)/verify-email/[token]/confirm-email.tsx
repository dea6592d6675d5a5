'use client';

import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { Button, FormError } from '@/components/ui';
import { forgetPingerShell } from '@/lib/pinger/service-worker';
import { safeReturnPath } from '@/lib/return-path';

/** A button, not an automatic sign-in: mail scanners that open links must not use them up. */
export function ConfirmEmail({ token, next }: { token: string; next: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  async function confirm() {
    setPending(true);
    // The pinger's kept page is the last session's: this signs another person in.
    await forgetPingerShell();
    const result = await signIn('email-link', { token, redirect: false });
    if (!result || result.error) {
      setPending(false);
      setError(
        result?.error === 'unavailable'
          ? 'Confirming is unavailable just now. Try the link again in a few minutes (code: unavailable).'
          : 'This link has been used or has expired. Sign in, or sign up again.',
      );
      return;
    }
    router.push(safeReturnPath(next));
    router.refresh();
  }
  return (
    <div className="space-y-3">
      <Button className="w-full" onClick={confirm} disabled={pending} data-testid="confirm-address">
        {pending ? 'Confirming…' : 'Confirm and sign in'}
      </Button>
      <FormError message={error} />
    </div>
  );
}
