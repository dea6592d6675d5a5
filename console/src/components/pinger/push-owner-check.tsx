'use client';

import { useEffect } from 'react';
import { forgetPushOwner, pushOwnerIfAny } from '@/lib/pinger/push-owner';
import { endPushSubscription } from '@/lib/pinger/service-worker';

/**
 * Ends a Web Push subscription that this browser holds for another person's pinger: one whose
 * session ended without signing out (it expired) before someone else signed in here. Its
 * notifications would show that person's tags, and answer into their log, for whoever is
 * signed in now. Renders nothing.
 */
export function PushOwnerCheck({ store }: { store: string }) {
  useEffect(() => {
    void (async () => {
      const owner = await pushOwnerIfAny();
      if (owner === undefined || owner === store) return;
      await endPushSubscription();
      await forgetPushOwner();
    })().catch((error: unknown) => {
      console.error("[pinger] could not end another person's push subscription", error);
    });
  }, [store]);
  return null;
}
