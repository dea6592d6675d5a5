'use client';

import dynamic from 'next/dynamic';

/**
 * sonner's Toaster, loaded after the page rather than with the root layout's scripts, so a
 * page that never toasts (the web pinger, whose first load has a budget) does not carry it. A
 * toast published before it arrives is not lost: sonner replays the active toasts to a Toaster
 * when it subscribes.
 */
const SonnerToaster = dynamic(() => import('sonner').then((sonner) => sonner.Toaster), {
  ssr: false,
});

/** The console's toasts, bottom right; in the (app), (auth) and (staff) layouts, not the root. */
export function Toaster() {
  return <SonnerToaster position="bottom-right" richColors />;
}
