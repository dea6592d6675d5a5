import type { NextConfig } from 'next';

const config: NextConfig = {
  // Native and driver packages stay in Node's require graph instead of the server bundle.
  serverExternalPackages: ['@tagtime/db', '@node-rs/argon2', 'mysql2'],
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
