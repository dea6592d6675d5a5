import type { MetadataRoute } from 'next';
import { routes } from '@/config/routes';

/**
 * The web app manifest: what installs is the pinger, standalone, in its own scope, so the rest
 * of the console opens in the browser as before. It lives under `/pinger` (not at the site's
 * root, where Next would link it from every console page) and is built once (static): browsers
 * fetch it without cookies, so it must not need a session. Icons come from
 * `scripts/pinger-icons.mjs`.
 */
const manifest: MetadataRoute.Manifest = {
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

export const dynamic = 'force-static';

export function GET(): Response {
  return new Response(JSON.stringify(manifest), {
    headers: { 'content-type': 'application/manifest+json' },
  });
}
