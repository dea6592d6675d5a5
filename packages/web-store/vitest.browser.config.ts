// The store contract once more in Debian's Chromium (vitest's browser mode over Playwright), on
// the browser's own IndexedDB rather than fake-indexeddb.
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

const conditions = ['@tagtime/source', 'module', 'browser', 'import', 'default'];

export default defineConfig({
  resolve: { conditions },
  test: {
    include: ['test/**/*.browser.test.ts'],
    testTimeout: 60_000,
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: ['--no-sandbox', '--disable-gpu'],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
