// npm run bench:pinger -w @tagtime/console: the web pinger's rows of its issue.
//  1. The JavaScript the /pinger route loads, gzip'd, from the production build's manifests
//     (run `npm run build -w @tagtime/console` first). Budget: 150 KiB.
//  2. An answer stored in IndexedDB (SyncClient.append into @tagtime/web-store: validation,
//     the own log and the kept view in one transaction), in Debian's Chromium, with 10,000
//     answers of other devices already kept. Budget: 20 ms.
//  3. The store half of a first sync of 100,000 records (pages of 5,000 as a pull hands them
//     over, stored unfolded, then the server's kept view taken, as SyncClient.pull drives a
//     store that can) into IndexedDB in Chromium, beside the CLI's LMDB store doing the same.
//  4. Load to an answerable ping screen with a warm service worker, online and offline, against
//     the console's production build, the real log server and MariaDB (bench/pinger-load.ts).
//     Budget: 300 ms.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BULK_PAGE_SIZE } from '@tagtime/client';
import { foldLog } from '@tagtime/log';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { LmdbStore } from '../../packages/cli/src/store/lmdb-store';
import { type LoadSplit, pingerLoads } from './pinger-load';
import { firstSyncPages } from './pinger-records';
import { startPingerStack } from './pinger-stack';

const CONSOLE = join(import.meta.dirname, '..');
const NEXT = join(CONSOLE, '.next');
const FIRST_SYNC = Number(process.env.BENCH_FIRST_SYNC ?? 100_000);
const ANSWER_RUNS = 50;
const LOAD_RUNS = Number(process.env.BENCH_LOADS ?? 15);

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
};

/** Every script the /pinger page loads at start: the root's and the page's own chunks. */
function pingerScripts(): string[] {
  const page = join(NEXT, 'server/app/(pinger)/pinger');
  const manifest = JSON.parse(readFileSync(join(page, 'page/build-manifest.json'), 'utf8'));
  const clientRefs = readFileSync(join(page, 'page_client-reference-manifest.js'), 'utf8');
  const entries = JSON.parse(/"entryJSFiles":(\{[^}]*\})/.exec(clientRefs)?.[1] ?? '{}');
  const own = Object.entries(entries as Record<string, string[]>)
    .filter(([entry]) => entry.endsWith('/app/layout') || entry.endsWith('/pinger/page'))
    .flatMap(([, files]) => files);
  return [...new Set<string>([...manifest.rootMainFiles, ...own])];
}

function scriptWeight(): void {
  const files = pingerScripts();
  const bytes = files.reduce((n, file) => n + gzipSync(readFileSync(join(NEXT, file))).length, 0);
  console.log(`/pinger JavaScript: ${files.length} files, ${kib(bytes)} gzip (budget 150 KiB)`);
}

async function inChromium(
  browser: Browser,
): Promise<{ answers: number[]; firstSync: { pages: number; take: number } }> {
  const bundle = await build({
    entryPoints: [join(import.meta.dirname, 'pinger-page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    conditions: ['@tagtime/source'],
    target: 'es2022',
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  const page = await browser.newPage();
  try {
    // IndexedDB needs an origin: the bench page is served under one made up for it.
    await page.route('http://pinger.bench/**', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><script>${script.replaceAll('</script', '<\\/script')}</script>`,
      }),
    );
    await page.goto('http://pinger.bench/');
    type Bench = {
      answers(h: number, r: number): Promise<number[]>;
      firstSync(n: number): Promise<{ pages: number; take: number }>;
    };
    const answers = await page.evaluate(
      ([runs]) =>
        (globalThis as unknown as { pingerBench: Bench }).pingerBench.answers(
          10_000,
          runs as number,
        ),
      [ANSWER_RUNS],
    );
    const firstSync = await page.evaluate(
      ([n]) => (globalThis as unknown as { pingerBench: Bench }).pingerBench.firstSync(n as number),
      [FIRST_SYNC],
    );
    return { answers, firstSync };
  } finally {
    await page.close();
  }
}

async function cliFirstSync(): Promise<number> {
  const pages = firstSyncPages(FIRST_SYNC, BULK_PAGE_SIZE);
  const view = foldLog(pages.flatMap((page) => page.records)).state();
  const dir = mkdtempSync(join(tmpdir(), 'pinger-bench-'));
  try {
    const store = await LmdbStore.open(join(dir, 'store'));
    const started = performance.now();
    for (const page of pages) {
      await store.putReplicaUnfolded(page.records, page.cursor, page.json);
    }
    if (!(await store.takeView(view))) throw new Error('the CLI store did not take the view');
    const ms = performance.now() - started;
    await store.close();
    return ms;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `load ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}, 2 cores shared`,
);
try {
  scriptWeight();
} catch (error) {
  console.log(`/pinger JavaScript: no build to weigh (${(error as Error).message.split('\n')[0]})`);
}
/** Median and p95 of each part of the loads, in ms from the navigation's start. */
function printLoads(label: string, loads: LoadSplit[]): void {
  const part = (key: keyof LoadSplit) =>
    `${quantile(
      loads.map((l) => l[key]),
      0.5,
    ).toFixed(0)}/${quantile(
      loads.map((l) => l[key]),
      0.95,
    ).toFixed(0)}`;
  console.log(
    `load to an answerable screen, warm service worker, ${label} (${loads.length} loads, median/p95 ms): answerable ${part('answerable')} (budget 300) — HTML first byte ${part('firstByte')}, app started ${part('hydrated')}, store open ${part('storeOpen')}`,
  );
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  const { answers, firstSync } = await inChromium(browser);
  console.log(
    `answer to IndexedDB (Chromium, 10k kept): median ${quantile(answers, 0.5).toFixed(1)} ms, p95 ${quantile(answers, 0.95).toFixed(1)} ms (budget 20 ms)`,
  );
  const cli = await cliFirstSync();
  const idb = firstSync.pages + firstSync.take;
  console.log(
    `first sync, store half (pages unfolded + kept view taken), ${FIRST_SYNC.toLocaleString('en')} records: IndexedDB (Chromium) ${(idb / 1000).toFixed(2)} s (pages ${(firstSync.pages / 1000).toFixed(2)} s, view taken ${(firstSync.take / 1000).toFixed(2)} s), the CLI's LMDB ${(cli / 1000).toFixed(2)} s (${(idb / cli).toFixed(1)}×)`,
  );
  if (LOAD_RUNS > 0) {
    const stack = await startPingerStack();
    try {
      const { online, offline } = await pingerLoads(browser, stack, LOAD_RUNS);
      printLoads('online', online);
      printLoads('offline', offline);
    } finally {
      await stack.stop();
    }
  }
} finally {
  await browser.close();
}
console.log(
  `load ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')} at the end`,
);
