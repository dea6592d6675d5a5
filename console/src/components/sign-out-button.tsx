'use client';

import { signOut } from 'next-auth/react';
import { endPushSubscription, forgetPingerShell } from '@/lib/pinger/service-worker';
import { Button } from './ui';

export function SignOutButton() {
  return (
    <Button
      variant="secondary"
      onClick={async () => {
        await Promise.all([endPushSubscription(), forgetPingerShell()]);
        await signOut({ callbackUrl: '/sign-in' });
      }}
      data-testid="sign-out"
    >
      Sign out
    </Button>
  );
}
