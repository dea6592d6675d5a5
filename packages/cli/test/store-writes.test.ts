// A write to the LMDB store costs what it changes, never the history: appending one answer to a
// store of 100,000 puts and reads a handful of keys, not the kept view's whole state.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogRecord } from '@tagtime/log';
import type { RootDatabase } from 'lmdb';
import { afterAll, expect, it, vi } from 'vitest';
import { LmdbStore } from '../src/store/lmdb-store.js';

// Each environment lmdb-js opens has a class of its own, shared by its tables: keep the
// environments the store opens, to count the puts and gets of their tables.
const opened = vi.hoisted((): RootDatabase[] => []);
vi.mock('lmdb', async (importOriginal) => {
  const lmdb = await importOriginal<typeof import('lmdb')>();
  return {
    ...lmdb,
    open: (...args: Parameters<typeof lmdb.open>) => {
      const env = lmdb.open(...args);
      opened.push(env);
      return env;
    },
  };
});

let dir: string;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const HISTORY = 100_000;
const answer = (t: number, ping: number, tags: string[]): LogRecord => ({
  device: 'laptop',
  t,
  kind: 'ping',
  body: { ping, tags },
});

it('puts and reads a handful of keys per write, however long the history', async () => {
  dir = await mkdtemp(join(tmpdir(), 'tagtime-writes-'));
  const store = await LmdbStore.open(join(dir, 'store'));
  const start = 1_700_000_000_000;
  await store.appendOwn(
    Array.from({ length: HISTORY }, (_, i) =>
      answer(start + i, 1_600_000_000 + i * 60, [`t${i % 9}`]),
    ),
  );
  await store.putReplica(
    [{ device: 'phone', t: 5, kind: 'command', body: { op: 'rename-tag', from: 't1', to: 'x' } }],
    { phone: 5 },
  );

  const prototype = Object.getPrototypeOf(opened.at(-1)) as RootDatabase;
  const puts = vi.spyOn(prototype, 'putSync');
  const gets = vi.spyOn(prototype, 'get');
  const late = answer(start + HISTORY, 1_600_000_000 + HISTORY * 60, ['late']);
  await store.appendOwn([late]);
  const written = { puts: puts.mock.calls.length, gets: gets.mock.calls.length };
  await store.putReplica([{ device: 'phone', t: 6, kind: 'event', body: { name: 'sync' } }], {
    phone: 6,
  });
  const replicated = {
    puts: puts.mock.calls.length - written.puts,
    gets: gets.mock.calls.length - written.gets,
  };
  puts.mockRestore();
  gets.mockRestore();

  // The record, then the view's meta entry, the device's head and the ping's slot.
  expect(written.puts).toBe(4);
  // The record, the cursor, then meta, head and the day's error/event count.
  expect(replicated.puts).toBe(5);
  expect(written.gets).toBeLessThanOrEqual(5);
  expect(replicated.gets).toBeLessThanOrEqual(5);
  expect(store.answer(1_600_000_000 + HISTORY * 60)?.tags).toEqual(['late']);
  expect((await store.viewState()).size).toBe(HISTORY + 3);
  await store.close();
}, 120_000);
