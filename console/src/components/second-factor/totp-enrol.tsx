'use client';

import { useState } from 'react';
import { beginTotp, confirmTotp } from '@/app/(app)/profile/security/actions';
import { Button, FormError, Input, Label } from '@/components/ui';
import { useAction } from '@/lib/use-action';
import { RecoveryCodesStep } from './recovery-codes';

/** Sets up an authenticator app: shows the secret, then takes its first code to confirm it. */
export function TotpEnrol({ onDone }: { onDone?: () => void }) {
  const [started, setStarted] = useState<{ secret: string; uri: string }>();
  const [codes, setCodes] = useState<string[]>();
  const begin = useAction(beginTotp, { onSuccess: setStarted });
  const confirm = useAction(confirmTotp, {
    onSuccess: (data) => {
      if (data.recoveryCodes) setCodes(data.recoveryCodes);
      else onDone?.();
    },
  });
  if (codes) {
    return <RecoveryCodesStep codes={codes} onDone={onDone} />;
  }
  if (!started) {
    return (
      <div>
        <Button
          type="button"
          disabled={begin.pending}
          onClick={() => void begin.run({})}
          data-testid="totp-begin"
        >
          Set up an authenticator app
        </Button>
        <FormError message={begin.error} />
      </div>
    );
  }
  return (
    <form className="space-y-3" onSubmit={confirm.onSubmit} data-testid="totp-enrol-form">
      <p className="text-sm text-slate-700">
        Add this key to your authenticator app (or open the link on your phone), then type the
        6-digit code it shows.
      </p>
      <p className="break-all rounded bg-slate-100 p-2 font-mono text-sm" data-testid="totp-secret">
        {started.secret}
      </p>
      <a
        className="block break-all text-xs text-brand-700"
        href={started.uri}
        data-testid="totp-uri"
      >
        {started.uri}
      </a>
      <Label htmlFor="totp-code">Code</Label>
      <Input
        id="totp-code"
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        data-testid="totp-code"
      />
      <FormError message={confirm.error} />
      <Button type="submit" disabled={confirm.pending} data-testid="totp-confirm">
        Confirm
      </Button>
    </form>
  );
}
