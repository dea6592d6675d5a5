// The `test` every spec uses: Playwright's, with each test's own browser contexts closed when it
// ends. Specs open contexts of their own (`browser.newContext()`: several people, phone and
// laptop), and the browser outlives a test: left open, a pinger page's timers, a live tail's
// stream and a console page's polling would go on running through every later test, taking CPU
// from them and asking the servers for pages no test reads.
import { test as base } from '@playwright/test';

export { expect } from '@playwright/test';

export const test = base.extend<{ closeOwnContexts: undefined }>({
  closeOwnContexts: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts());
      await use(undefined);
      const own = browser.contexts().filter((context) => !before.has(context));
      await Promise.all(own.map((context) => context.close().catch(() => undefined)));
    },
    { auto: true },
  ],
});
