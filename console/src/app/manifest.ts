import type { MetadataRoute } from 'next';
import { routes } from '@/config/routes';

/**
 * The web app manifest (`/manifest.webmanifest`): what installs is the pinger, standalone, in
 * its own scope, so the rest of the console opens in the browser as before. Icons come from
 * `scripts/pinger-icons.mjs`.
 */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: routes.pinger,
    name: 'TagTime pinger',
    short_name: 'TagTime',
    description: 'Answer TagTime pings on this device, online or not.',
    start_url: routes.pinger,
    scope: routes.pinger,
    display: 'standalone',
    orientation: 'portrait',
    background_color: '#f8fafc',
    theme_color: '#1d4ed8',
    icons: [
      { src: '/pinger/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/pinger/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      {
        src: '/pinger/icon-maskable-512.png',
        sizes: '512x512',
        type: 'image/png',
        purpose: 'maskable',
      },
    ],
  };
}
