// The browser half of bench/pinger.ts, bundled by esbuild: the web pinger's store in Chromium.
import { BULK_PAGE_SIZE, SyncClient } from '@tagtime/client';
import { foldLog } from '@tagtime/log';
import { IdbStore } from '@tagtime/web-store';
import { firstSyncPages } from './pinger-records';

async function answers(history: number, runs: number): Promise<number[]> {
  const store = await IdbStore.open(`bench-answers-${Date.now()}`);
  // A history in the replica first, so the kept view the answer updates is not empty.
  for (const page of firstSyncPages(history, BULK_PAGE_SIZE)) {
    await store.putReplica(page.records, page.cursor, page.json);
  }
  const client = new SyncClient({ device: 'web', store });
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await client.append([
      { kind: 'ping', body: { ping: 1_800_000_000 + i, tags: ['work', 'code'] } },
    ]);
    times.push(performance.now() - started);
  }
  store.close();
  return times;
}

/**
 * A first sync's store half as SyncClient.pull drives it: the pages stored unfolded, then the
 * server's kept view taken (made here beforehand, as the server keeps it made).
 */
async function firstSync(n: number): Promise<{ pages: number; take: number }> {
  const pages = firstSyncPages(n, BULK_PAGE_SIZE);
  const view = foldLog(pages.flatMap((page) => page.records)).state();
  const store = await IdbStore.open(`bench-first-sync-${Date.now()}`);
  const started = performance.now();
  for (const page of pages) await store.putReplicaUnfolded(page.records, page.cursor, page.json);
  const stored = performance.now();
  if (!(await store.takeView(view))) throw new Error('the store did not take the view');
  const taken = performance.now();
  store.close();
  return { pages: stored - started, take: taken - stored };
}

(globalThis as { pingerBench?: unknown }).pingerBench = { answers, firstSync };
