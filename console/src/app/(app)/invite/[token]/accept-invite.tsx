'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button, FormError } from '@/components/ui';
import { acceptInviteAction } from '../../tenants/actions';

export function AcceptInvite({ token }: { token: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  async function accept() {
    const result = await acceptInviteAction({ token });
    if (!result.ok) return setError(result.message);
    router.push(`/t/${result.data.tenantId}`);
    router.refresh();
  }
  return (
    <div className="space-y-3">
      <Button onClick={accept} data-testid="accept-invite">
        Accept invitation
      </Button>
      <FormError message={error} />
    </div>
  );
}
