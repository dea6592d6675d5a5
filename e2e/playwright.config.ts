import { defineConfig } from '@playwright/test';
import {
  ADMIN_TOKEN,
  CONSOLE_PORT,
  CONSOLE_URL,
  DATA_DIR,
  DATABASE_URL,
  E2E_DATABASE,
  NEXTAUTH_SECRET,
  PUSH_CA_FILE,
  PUSH_PORT,
  SERVER_PORT,
  SERVER_URL,
  STRIPE_API_BASE,
  STRIPE_PORT,
  STRIPE_SECRET_KEY,
  STRIPE_WEBHOOK_SECRET,
  STRIPE_WEBHOOK_URL,
  VAPID_PRIVATE_KEY,
  VAPID_PUBLIC_KEY,
} from './support/env.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  globalSetup: './support/global-setup.ts',
  use: {
    baseURL: CONSOLE_URL,
    screenshot: 'only-on-failure',
    // A failed test keeps its trace (actions, DOM snapshots, network) and a screenshot of the
    // moment; the trace's screencast is left out: encoding it for every test, passed or not, was
    // a fifth of Chromium's CPU in the suite.
    trace: { mode: 'retain-on-failure', screenshots: false },
    launchOptions: {
      // Debian's Chromium; Playwright's own browser downloads cannot work on these machines.
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: [
    {
      // The database first: /healthz is ready only once the database answers, and Playwright
      // starts its web servers before the global setup.
      // The CA file exists only once the database step has run: the server alone is told of it
      // (every process started before with NODE_EXTRA_CA_CERTS warned that it was missing).
      command: `npx tsx e2e/support/prepare-database.ts && NODE_EXTRA_CA_CERTS='${PUSH_CA_FILE}' npm run start -w @tagtime/server`,
      cwd: '..',
      url: `${SERVER_URL}/healthz`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: {
        PORT: String(SERVER_PORT),
        HOST: '127.0.0.1',
        DATA_DIR: DATA_DIR ?? '',
        DATABASE_URL,
        ADMIN_TOKEN,
        CONSOLE_ORIGIN: CONSOLE_URL,
        LOG_LEVEL: 'warn',
        // Web Push on, to the push service stand-in (pinger-push.spec.ts), whose CA the
        // database step writes (see the command). A day's lookback: a new subscription's
        // latest ping is due at once, with no clock faked.
        VAPID_PUBLIC_KEY,
        VAPID_PRIVATE_KEY,
        VAPID_SUBJECT: 'mailto:e2e@tagtime.test',
        PUSH_LOOKBACK_MS: String(24 * 3600 * 1000),
        PUSH_SERVICE_HOSTS: `127.0.0.1:${PUSH_PORT}`,
      },
    },
    {
      // The Stripe stand-in: card payments of the billing specs (401 answers: it is up).
      command: 'npm run start -w @tagtime/stripe-stand-in',
      cwd: '..',
      url: `${STRIPE_API_BASE}/v1/customers`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: {
        STRIPE_STAND_IN_PORT: String(STRIPE_PORT),
        STRIPE_SECRET_KEY,
        STRIPE_WEBHOOK_SECRET,
        STRIPE_WEBHOOK_URL,
      },
    },
    {
      command: 'npm run start -w @tagtime/console',
      cwd: '..',
      url: `${CONSOLE_URL}/sign-in`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: {
        CONSOLE_PORT: String(CONSOLE_PORT),
        DATABASE_URL,
        NEXTAUTH_URL: CONSOLE_URL,
        NEXTAUTH_SECRET,
        MAIL_OUTBOX_PAGE: 'on',
        // As behind one proxy: the rate-limit tests speak from other addresses through
        // X-Forwarded-For; the browser itself (127.0.0.1, every other test) is not limited by
        // address. Limits are counted in the machine's Redis under this run's prefix.
        CONSOLE_TRUSTED_PROXIES: '1',
        RATE_LIMIT_EXEMPT: '127.0.0.1',
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        RATE_LIMIT_PREFIX: E2E_DATABASE,
        LOG_SERVER_URL: SERVER_URL,
        PUBLIC_LOG_SERVER_URL: SERVER_URL,
        ADMIN_TOKEN,
        STRIPE_SECRET_KEY,
        STRIPE_WEBHOOK_SECRET,
        STRIPE_API_BASE,
        STRIPE_TEST_CLOCKS: 'on',
      },
    },
  ],
});
