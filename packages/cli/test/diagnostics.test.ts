import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogRecord } from '@tagtime/log';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Context, clientFor } from '../src/context.js';
import { record } from '../src/diagnostics.js';
import { LmdbStore } from '../src/store/lmdb-store.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tagtime-diagnostics-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function context(name: string, clock: { now: number }): Promise<Context> {
  const store = await LmdbStore.open(join(dir, name));
  return { home: dir, settings: {}, store, client: await clientFor(store, {}, () => clock.now) };
}

const H = 3_600_000;

describe('errors and events in the own log', () => {
  it('keeps to 20 an hour, and says in the next hour how many it dropped', async () => {
    const clock = { now: 1_700_000_000_000 };
    const ctx = await context('cap', clock);
    const written: boolean[] = [];
    for (let i = 0; i < 25; i++) {
      clock.now += 1000;
      written.push(await record(ctx, clock.now, { kind: 'event', name: `e${i}` }));
    }
    expect(written.filter(Boolean)).toHaveLength(20);
    clock.now += H;
    await record(ctx, clock.now, { kind: 'event', name: 'next' });
    const own = await ctx.store.ownRecords();
    expect(own).toHaveLength(22);
    expect(own.slice(-2).map((r) => r.body)).toEqual([
      { name: 'diagnostics-dropped', data: { count: 5 } },
      { name: 'next' },
    ]);
    await ctx.store.close();
  });

  it('writes a repeating one at most every 10 minutes, and cuts long messages', async () => {
    const clock = { now: 1_700_000_000_000 };
    const ctx = await context('repeats', clock);
    const failure = { kind: 'error' as const, message: `sync failed: ${'x'.repeat(400)}` };
    expect(await record(ctx, clock.now, failure)).toBe(true);
    clock.now += 9 * 60_000;
    expect(await record(ctx, clock.now, failure)).toBe(false);
    const synced = { kind: 'event' as const, name: 'sync-finished', repeats: true };
    expect(await record(ctx, clock.now, { ...synced, data: { sent: 1, received: 0 } })).toBe(true);
    expect(await record(ctx, clock.now, { ...synced, data: { sent: 0, received: 0 } })).toBe(false);
    clock.now += 2 * 60_000;
    expect(await record(ctx, clock.now, failure)).toBe(true);
    const own = await ctx.store.ownRecords();
    expect(own.map((r) => r.kind)).toEqual(['error', 'event', 'error']);
    const message = (own[0] as LogRecord & { kind: 'error' }).body.message;
    expect(message).toHaveLength(300);
    expect(message.endsWith('…')).toBe(true);
    await ctx.store.close();
  });
});
