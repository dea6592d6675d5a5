'use client';

import { toast } from 'sonner';
import { Button } from '@/components/ui';
import { useAction } from '@/lib/use-action';
import { resendVerificationAction } from '../(auth)/verify-email/actions';

export function VerifyEmailBanner({ email }: { email: string }) {
  const { pending, run } = useAction(resendVerificationAction, {
    toastErrors: true,
    onSuccess: () => toast.success(`We sent a new link to ${email}.`),
  });
  return (
    <div
      className="flex flex-wrap items-center justify-between gap-3 rounded-md bg-amber-50 p-3 text-sm text-amber-900"
      data-testid="verify-banner"
    >
      <span>Confirm your email address: we sent a link to {email}.</span>
      <Button
        variant="secondary"
        onClick={() => run({})}
        disabled={pending}
        data-testid="resend-verification"
      >
        Send it again
      </Button>
    </div>
  );
}
