import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { root: 'scripts', include: ['test/**/*.test.mjs'], testTimeout: 60_000 },
});
