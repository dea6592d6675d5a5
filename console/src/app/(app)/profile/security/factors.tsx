'use client';

import { useState } from 'react';
import { RecoveryCodes } from '@/components/second-factor/recovery-codes';
import { Button, FormError } from '@/components/ui';
import { useAction } from '@/lib/use-action';
import { newRecoveryCodes, removePasskey, removeTotp } from './actions';

interface PasskeyRow {
  id: string;
  name: string;
  added: string;
  used: string;
}

export function FactorList({
  passkeys,
  totp,
}: {
  passkeys: PasskeyRow[];
  totp: { added: string } | undefined;
}) {
  const removeKey = useAction(removePasskey, { toastErrors: true });
  const removeApp = useAction(removeTotp, { toastErrors: true });
  if (passkeys.length === 0 && !totp) {
    return (
      <p className="text-sm text-slate-600" data-testid="no-second-factor">
        No second factor yet: your password alone signs you in.
      </p>
    );
  }
  return (
    <ul className="divide-y divide-slate-100 text-sm" data-testid="second-factors">
      {passkeys.map((key) => (
        <li
          key={key.id}
          className="flex flex-wrap items-center gap-x-3 py-2"
          data-testid="passkey-row"
        >
          <span className="font-medium">Passkey · {key.name}</span>
          <span className="text-slate-500">
            added {key.added}, last used {key.used}
          </span>
          <button
            type="button"
            className="ml-auto text-red-700 hover:underline"
            onClick={() => void removeKey.run({ id: key.id })}
          >
            Remove
          </button>
        </li>
      ))}
      {totp && (
        <li className="flex flex-wrap items-center gap-x-3 py-2" data-testid="totp-row">
          <span className="font-medium">Authenticator app</span>
          <span className="text-slate-500">added {totp.added}</span>
          <button
            type="button"
            className="ml-auto text-red-700 hover:underline"
            onClick={() => void removeApp.run({})}
            data-testid="totp-remove"
          >
            Remove
          </button>
        </li>
      )}
    </ul>
  );
}

export function NewRecoveryCodes({ unused }: { unused: number }) {
  const [codes, setCodes] = useState<string[]>();
  const action = useAction(newRecoveryCodes, { onSuccess: (data) => setCodes(data.recoveryCodes) });
  return (
    <div className="mt-4 space-y-2 border-t border-slate-100 pt-4">
      <p className="text-sm text-slate-600" data-testid="recovery-unused">
        {unused} unused recovery codes.
      </p>
      {codes ? (
        <RecoveryCodes codes={codes} />
      ) : (
        <Button
          type="button"
          onClick={() => void action.run({})}
          disabled={action.pending}
          data-testid="recovery-regenerate"
        >
          Make new recovery codes
        </Button>
      )}
      <FormError message={action.error} />
    </div>
  );
}
