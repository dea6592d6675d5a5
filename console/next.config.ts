import type { NextConfig } from 'next';

const config: NextConfig = {
  // Native and driver packages stay in Node's require graph instead of the server bundle.
  serverExternalPackages: ['@tagtime/db', '@node-rs/argon2', 'mysql2'],
  poweredByHeader: false,
  typedRoutes: false,
  // Types are checked by the console's own `typecheck` task (turbo, in `npm test`), with the
  // service worker's project too; checking them again inside `next build` only made every
  // build, and so `npm start`, slower.
  typescript: { ignoreBuildErrors: true },
  // Tenant pages lived under /t/ before they joined /tenants; old links and bookmarks still work.
  async redirects() {
    return [{ source: '/t/:path*', destination: '/tenants/:path*', permanent: true }];
  },
  // Every answer, assets included; the content security policy and HSTS come from src/proxy.ts.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};

export default config;
