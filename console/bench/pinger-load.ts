// Load to an answerable ping screen with a warm service worker, in Debian's Chromium against the
// console's production build (bench/pinger-stack.ts): a person signs in, opens the pinger once
// (it pairs, its worker takes over and keeps the page), then the page is reloaded `runs` times
// online and `runs` times with the network cut. Each load is split by the page's own clock:
// the HTML's first byte (from the worker), the app's start after hydration, the store open,
// and the screen that can be answered (the question or "no ping waiting" on screen).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { PingerStack } from './pinger-stack';

export interface LoadSplit {
  firstByte: number;
  hydrated: number;
  storeOpen: number;
  answerable: number;
}

/**
 * Notes when an answerable screen first shows, from the start of the navigation. A string, not
 * a function: tsx compiles functions with name helpers the page does not have.
 */
const WATCH_ANSWERABLE = `
  new MutationObserver((_, observer) => {
    if (!document.querySelector('[data-testid="answer-form"], [data-testid="no-open-ping"]')) return;
    window.__answerable = performance.now();
    observer.disconnect();
  }).observe(document, { childList: true, subtree: true });
`;

/** The load's parts, read in the page (a string for the same reason). */
const READ_SPLIT = `(() => {
  const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? Number.NaN;
  const nav = performance.getEntriesByType('navigation')[0];
  return {
    firstByte: nav.responseStart,
    hydrated: mark('pinger:start'),
    storeOpen: mark('pinger:store-open'),
    answerable: window.__answerable,
  };
})()`;

async function signedIn(browser: Browser, stack: PingerStack): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: stack.consoleUrl,
    viewport: { width: 390, height: 844 },
  });
  const page = await context.newPage();
  await page.goto('/sign-in');
  const form = page.getByTestId('sign-in-form');
  await form.getByTestId('email').fill(stack.person.email);
  await form.getByTestId('password').fill(stack.person.password);
  await form.getByTestId('sign-in').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  await page.close();
  return context;
}

async function oneLoad(page: Page): Promise<LoadSplit> {
  await page.reload({ waitUntil: 'commit' });
  await page
    // A function (no named helpers inside): a string would be eval'd, which the page's CSP refuses.
    .waitForFunction(() => '__answerable' in window, undefined, {
      polling: 100,
      timeout: 60_000,
    })
    .catch(async (error: unknown) => {
      const shown = await page
        .locator('body')
        .textContent()
        .catch(() => '(no page)');
      throw new Error(`no answerable screen within 60 s; the page shows: ${shown}`, {
        cause: error,
      });
    });
  return page.evaluate<LoadSplit>(READ_SPLIT);
}

export async function pingerLoads(
  browser: Browser,
  stack: PingerStack,
  runs: number,
): Promise<{ online: LoadSplit[]; offline: LoadSplit[] }> {
  const context = await signedIn(browser, stack);
  try {
    await context.addInitScript(WATCH_ANSWERABLE);
    const page = await context.newPage();
    await page.goto('/pinger');
    await page.getByTestId('connection').and(page.locator('[data-state="online"]')).waitFor();
    // Warm: the worker controls the page and keeps its copy of it and of its scripts.
    await page.waitForFunction(
      async () =>
        navigator.serviceWorker.controller !== null &&
        (await (await caches.open('pinger-shell')).keys()).length > 0,
      undefined,
      { polling: 250, timeout: 30_000 },
    );
    await oneLoad(page); // the first load through the worker fills its script cache
    const online: LoadSplit[] = [];
    for (let i = 0; i < runs; i++) online.push(await oneLoad(page));
    await context.route('**/*', (route) => route.abort('internetdisconnected'));
    await context.setOffline(true);
    const offline: LoadSplit[] = [];
    for (let i = 0; i < runs; i++) offline.push(await oneLoad(page));
    return { online, offline };
  } finally {
    await context.close();
  }
}
