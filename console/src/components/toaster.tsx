'use client';

import dynamic from 'next/dynamic';

/**
 * sonner's Toaster, loaded after the page rather than with the root layout's scripts, so a
 * page that never toasts (the web pinger, whose first load has a budget) does not carry it. A
 * toast published before it arrives is not lost: sonner replays the active toasts to a Toaster
 * when it subscribes.
 */
export const Toaster = dynamic(() => import('sonner').then((sonner) => sonner.Toaster), {
  ssr: false,
});
