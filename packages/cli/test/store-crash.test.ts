// The kept view never disagrees with the records, however a process writing them dies: a writer
// killed with SIGKILL at arbitrary points (inside a transaction, between two, during a relabel's
// refold) leaves a store whose view state is the fold of the records it holds.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { foldLog } from '@tagtime/log';
import { afterAll, expect, it } from 'vitest';
import { LmdbStore } from '../src/store/lmdb-store.js';

const WRITER = join(import.meta.dirname, 'fixtures/write-until-killed.ts');

let dir: string;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs the writer until it has reported `writes` writes, then `delay` ms more, and kills it. */
function writeThenKill(path: string, writes: number, delay: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@tagtime/source', WRITER, path],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let seen = 0;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const before = seen;
      seen += chunk.split('\n').length - 1;
      if (before < writes && seen >= writes) setTimeout(() => child.kill('SIGKILL'), delay);
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve(signal));
  });
}

it('keeps the view equal to a fold of the records after each of several kills', async () => {
  dir = await mkdtemp(join(tmpdir(), 'tagtime-store-crash-'));
  const path = join(dir, 'store');
  let held = 0;
  const kills: Array<[number, number]> = [
    [1, 0],
    [4, 3],
    [2, 1],
    [9, 0],
    [3, 7],
    [6, 2],
    [1, 5],
    [12, 1],
  ];
  for (const [writes, delay] of kills) {
    expect(await writeThenKill(path, writes, delay)).toBe('SIGKILL');
    const store = await LmdbStore.open(path);
    const records = [...(await store.ownRecords()), ...(await store.replicaRecords())];
    expect(records.length).toBeGreaterThan(held);
    held = records.length;
    expect(await store.viewState()).toEqual(foldLog(records).state());
    await store.close();
  }
}, 180_000);
