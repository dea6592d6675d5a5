'use client';

import { useRouter } from 'next/navigation';
import { PasskeyEnrol } from '@/components/second-factor/passkey-enrol';
import { TotpEnrol } from '@/components/second-factor/totp-enrol';

export function AddFactor() {
  const router = useRouter();
  return (
    <div className="mt-4 grid gap-6 sm:grid-cols-2">
      <section>
        <h3 className="mb-2 text-sm font-medium">Add a passkey</h3>
        <PasskeyEnrol onDone={() => router.refresh()} />
      </section>
      <section>
        <h3 className="mb-2 text-sm font-medium">Authenticator app</h3>
        <TotpEnrol onDone={() => router.refresh()} />
      </section>
    </div>
  );
}
