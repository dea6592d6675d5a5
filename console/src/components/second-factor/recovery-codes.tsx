import { Button } from '@/components/ui';

/** Recovery codes, shown once right after they are made: each signs in once without the app. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div className="rounded-md bg-amber-50 p-3 ring-1 ring-amber-200" data-testid="recovery-codes">
      <p className="mb-2 text-sm text-amber-900">
        Keep these recovery codes somewhere safe. Each works once, if you lose your authenticator;
        this is the only time they are shown.
      </p>
      <ul className="grid grid-cols-2 gap-1 font-mono text-sm">
        {codes.map((code) => (
          <li key={code} data-testid="recovery-code">
            {code}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The step after a first factor is enrolled: the codes, then "I saved them". */
export function RecoveryCodesStep({ codes, onDone }: { codes: string[]; onDone?: () => void }) {
  return (
    <div className="space-y-3">
      <RecoveryCodes codes={codes} />
      <Button type="button" onClick={() => onDone?.()} data-testid="recovery-codes-done">
        I saved them
      </Button>
    </div>
  );
}
