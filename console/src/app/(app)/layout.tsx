import type { ReactNode } from 'react';
import { requireUser } from '@/auth';
import { AppHeader } from '@/components/app-header';
import { PushOwnerCheck } from '@/components/pinger/push-owner-check';
import { Toaster } from '@/components/toaster';
import { storeNameOf } from '@/lib/pinger/pinger';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <div className="min-h-screen">
      <AppHeader user={user} />
      <main className="mx-auto max-w-5xl space-y-6 px-4 py-8">{children}</main>
      <Toaster />
      <PushOwnerCheck store={storeNameOf(user.id)} />
    </div>
  );
}
