import type { Metadata, Viewport } from 'next';
import { requireUser } from '@/auth';
import { PingerApp } from '@/components/pinger/pinger-app';
import { routes } from '@/config/routes';
import { pairThisBrowserAction } from './actions';

export const metadata: Metadata = {
  title: 'Pinger',
  // Served by ./manifest.webmanifest/route.ts, inside the pinger's scope.
  manifest: `${routes.pinger}/manifest.webmanifest`,
  appleWebApp: { capable: true, title: 'TagTime', statusBarStyle: 'default' },
  icons: { apple: '/pinger/apple-touch-icon.png' },
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#1d4ed8' },
    { media: '(prefers-color-scheme: dark)', color: '#0f172a' },
  ],
};

/**
 * The web pinger: this browser as one of the person's devices, answering pings offline and
 * syncing with the log server directly. Everything after sign-in happens in the browser.
 */
export default async function PingerPage() {
  const user = await requireUser();
  return (
    <PingerApp userId={user.id} myTimeHref={routes.myTime} pairAction={pairThisBrowserAction} />
  );
}
