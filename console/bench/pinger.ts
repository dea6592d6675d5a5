// npm run bench:pinger -w @tagtime/console: the web pinger's rows of its issue.
//  1. The JavaScript the /pinger route loads, gzip'd, from the production build's manifests
//     (run `npm run build -w @tagtime/console` first). Budget: 150 KiB.
//  2. An answer stored in IndexedDB (SyncClient.append into @tagtime/web-store: validation,
//     the own log and the kept view in one transaction), in Debian's Chromium, with 10,000
//     answers of other devices already kept. Budget: 20 ms.
//  3. The store half of a first sync of 100,000 records (pages of 5,000 as a pull hands them
//     over) into IndexedDB in Chromium, beside the CLI's LMDB store taking the same pages here.
// Not here yet: load to an answerable screen with a warm service worker (needs the console and
// the log server running).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BULK_PAGE_SIZE } from '@tagtime/client';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { LmdbStore } from '../../packages/cli/src/store/lmdb-store';
import { firstSyncPages } from './pinger-records';

const CONSOLE = join(import.meta.dirname, '..');
const NEXT = join(CONSOLE, '.next');
const FIRST_SYNC = Number(process.env.BENCH_FIRST_SYNC ?? 100_000);
const ANSWER_RUNS = 50;

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

async function inChromium(): Promise<{ answers: number[]; firstSync: number }> {
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
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage();
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
      firstSync(n: number): Promise<number>;
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
    await browser.close();
  }
}

async function cliFirstSync(): Promise<number> {
  const pages = firstSyncPages(FIRST_SYNC, BULK_PAGE_SIZE);
  const dir = mkdtempSync(join(tmpdir(), 'pinger-bench-'));
  try {
    const store = await LmdbStore.open(join(dir, 'store'));
    const started = performance.now();
    for (const page of pages) await store.putReplica(page.records, page.cursor, page.json);
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
const { answers, firstSync } = await inChromium();
console.log(
  `answer to IndexedDB (Chromium, 10k kept): median ${quantile(answers, 0.5).toFixed(1)} ms, p95 ${quantile(answers, 0.95).toFixed(1)} ms (budget 20 ms)`,
);
const cli = await cliFirstSync();
console.log(
  `first sync, store half, ${FIRST_SYNC.toLocaleString('en')} records: IndexedDB (Chromium) ${(firstSync / 1000).toFixed(1)} s, the CLI's LMDB ${(cli / 1000).toFixed(1)} s`,
);
