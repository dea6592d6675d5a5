'use client';

import { startRegistration } from '@simplewebauthn/browser';
import { type FormEvent, useState } from 'react';
import { beginPasskey, finishPasskey } from '@/app/(app)/profile/security/actions';
import { Button, FormError, Input, Label } from '@/components/ui';
import { RecoveryCodesStep } from './recovery-codes';

/** Adds a passkey: the browser makes a key pair on this device (or a security key). */
export function PasskeyEnrol({ onDone }: { onDone?: () => void }) {
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const [codes, setCodes] = useState<string[]>();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '');
    setPending(true);
    setError(undefined);
    try {
      const options = await beginPasskey({});
      if (!options.ok) return setError(options.message);
      let answer: unknown;
      try {
        answer = await startRegistration({ optionsJSON: options.data });
      } catch (cause) {
        return setError(`The browser made no passkey (${(cause as Error).name}).`);
      }
      const done = await finishPasskey({ answer: answer as never, name });
      if (!done.ok) return setError(done.message);
      if (done.data.recoveryCodes) setCodes(done.data.recoveryCodes);
      else onDone?.();
    } finally {
      setPending(false);
    }
  }

  if (codes) {
    return <RecoveryCodesStep codes={codes} onDone={onDone} />;
  }
  return (
    <form className="space-y-3" onSubmit={onSubmit} data-testid="passkey-enrol-form">
      <Label htmlFor="passkey-name">Name this passkey</Label>
      <Input id="passkey-name" name="name" defaultValue="This device" data-testid="passkey-name" />
      <FormError message={error} />
      <Button type="submit" disabled={pending} data-testid="passkey-add">
        Add a passkey
      </Button>
    </form>
  );
}
