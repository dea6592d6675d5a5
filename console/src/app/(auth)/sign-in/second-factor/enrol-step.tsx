'use client';

import { useRouter } from 'next/navigation';
import { PasskeyEnrol } from '@/components/second-factor/passkey-enrol';
import { TotpEnrol } from '@/components/second-factor/totp-enrol';

export function EnrolStep({ returnTo }: { returnTo: string }) {
  const router = useRouter();
  const done = () => {
    router.push(returnTo);
    router.refresh();
  };
  return (
    <div className="space-y-6">
      <section>
        <h2 className="mb-2 font-medium">Passkey</h2>
        <PasskeyEnrol onDone={done} />
      </section>
      <section>
        <h2 className="mb-2 font-medium">Authenticator app</h2>
        <TotpEnrol onDone={done} />
      </section>
    </div>
  );
}
