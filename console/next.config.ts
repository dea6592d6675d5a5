import type { NextConfig } from 'next';

const config: NextConfig = {
  // Native and driver packages stay in Node's require graph instead of the server bundle.
  serverExternalPackages: ['@tagtime/db', '@node-rs/argon2', 'mysql2'],
  poweredByHeader: false,
  typedRoutes: false,
  // Tenant pages lived under /t/ before they joined /tenants; old links and bookmarks still work.
  async redirects() {
    return [{ source: '/t/:path*', destination: '/tenants/:path*', permanent: true }];
  },
};

export default config;
