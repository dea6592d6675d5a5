'use client';

import { startAuthentication } from '@simplewebauthn/browser';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button, FormError, Input, Label } from '@/components/ui';
import { useAction } from '@/lib/use-action';
import { passkeyChallenge, verifyCode, verifyPasskey } from './actions';

export function SecondFactorForm({
  returnTo,
  passkey,
  totp,
}: {
  returnTo: string;
  passkey: boolean;
  totp: boolean;
}) {
  const router = useRouter();
  const [method, setMethod] = useState<'totp' | 'recovery'>(totp ? 'totp' : 'recovery');
  const [keyError, setKeyError] = useState<string>();
  const [keyPending, setKeyPending] = useState(false);
  const onward = () => {
    router.push(returnTo);
    router.refresh();
  };
  const code = useAction(verifyCode, { onSuccess: onward });

  async function signInWithPasskey() {
    setKeyPending(true);
    setKeyError(undefined);
    try {
      const options = await passkeyChallenge({});
      if (!options.ok) return setKeyError(options.message);
      let answer: unknown;
      try {
        answer = await startAuthentication({ optionsJSON: options.data });
      } catch (cause) {
        return setKeyError(`No passkey was used (${(cause as Error).name}).`);
      }
      const result = await verifyPasskey({ answer: answer as never });
      if (!result.ok) return setKeyError(result.message);
      onward();
    } finally {
      setKeyPending(false);
    }
  }

  return (
    <div className="space-y-6">
      {passkey && (
        <div>
          <Button
            type="button"
            onClick={() => void signInWithPasskey()}
            disabled={keyPending}
            data-testid="use-passkey"
          >
            Use your passkey
          </Button>
          <FormError message={keyError} />
        </div>
      )}
      <form className="space-y-3" onSubmit={code.onSubmit} data-testid="second-factor-form">
        <input type="hidden" name="method" value={method} />
        <Label htmlFor="second-factor-code">
          {method === 'totp' ? 'Code from your authenticator app' : 'A recovery code'}
        </Label>
        <Input
          id="second-factor-code"
          name="code"
          autoComplete="one-time-code"
          key={method}
          data-testid="second-factor-code"
        />
        <FormError message={code.error} />
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={code.pending} data-testid="second-factor-submit">
            Go on
          </Button>
          <button
            type="button"
            className="text-sm text-brand-700 hover:underline"
            onClick={() => setMethod(method === 'totp' ? 'recovery' : 'totp')}
            hidden={!totp}
            data-testid="switch-method"
          >
            {method === 'totp' ? 'Use a recovery code' : 'Use the authenticator app'}
          </button>
        </div>
      </form>
    </div>
  );
}
