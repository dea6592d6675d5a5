'use client';

import { signOut } from 'next-auth/react';
import { Button } from './ui';

export function SignOutButton() {
  return (
    <Button
      variant="secondary"
      onClick={() => signOut({ callbackUrl: '/sign-in' })}
      data-testid="sign-out"
    >
      Sign out
    </Button>
  );
}
