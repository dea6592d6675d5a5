import { createSerwistRoute } from '@serwist/turbopack';

// The pinger's service worker, bundled by esbuild and written out at `next build` (force-static),
// since Turbopack runs no webpack plugin. Served as /serwist/sw.js with `Service-Worker-Allowed`,
// registered for the /pinger scope only. Precached: the build's scripts and styles, and the
// pinger's icons; the page itself is cached as served (see sw/pinger-sw.ts).
export const { dynamic, dynamicParams, revalidate, generateStaticParams, GET } = createSerwistRoute(
  {
    swSrc: 'sw/pinger-sw.ts',
    useNativeEsbuild: true,
    globPatterns: ['.next/static/**/*.{js,css}', 'public/pinger/*.png'],
    // Larger chunks (the staff charts) are not the pinger's; they load from the network.
    maximumFileSizeToCacheInBytes: 512 * 1024,
  },
);
