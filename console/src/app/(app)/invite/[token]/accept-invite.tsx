'use client';

import { useRouter } from 'next/navigation';
import { Button, FormError } from '@/components/ui';
import { routes } from '@/config/routes';
import { useAction } from '@/lib/use-action';
import { acceptInviteAction } from './actions';

export function AcceptInvite({ token }: { token: string }) {
  const router = useRouter();
  const { error, pending, run } = useAction(acceptInviteAction, {
    onSuccess({ tenantId }) {
      router.push(routes.tenant(tenantId));
      router.refresh();
    },
  });
  return (
    <div className="space-y-3">
      <Button onClick={() => run({ token })} disabled={pending} data-testid="accept-invite">
        Accept invitation
      </Button>
      <FormError message={error} />
    </div>
  );
}
