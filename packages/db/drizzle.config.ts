import { defineConfig } from 'drizzle-kit';
import { databaseUrl } from './src/config.js';

export default defineConfig({
  dialect: 'mysql',
  schema: './src/schema/index.ts',
  out: './drizzle',
  dbCredentials: { url: databaseUrl() },
  strict: true,
  verbose: true,
});
