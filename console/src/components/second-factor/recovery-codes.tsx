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
