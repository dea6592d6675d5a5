import { MemoryStore, openWithFetch, SyncApi, SyncClient, SyncError } from '@tagtime/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  eventually,
  makeDevice,
  makePairingCode,
  makeUser,
  openTestDatabase,
  removeDir,
  startServer,
  type TestDatabase,
} from './harness.js';

let db: TestDatabase;
let serverUrl: string;

beforeAll(async () => {
  db = openTestDatabase(inject('databaseUrl'));
  serverUrl = inject('serverUrl');
}, 60_000);

afterAll(async () => {
  await db?.drop();
});

/** A client; with `timeline`, its requests, answers and stream events are written down. */
function clientOf(device: { device: string; token: string }, timeline?: string[]): SyncClient {
  const note = (line: string) => timeline?.push(`${Date.now() % 100_000} ${device.device} ${line}`);
  return new SyncClient({
    device: device.device,
    store: new MemoryStore(),
    server: { url: serverUrl, token: device.token },
    pageSize: 2,
    bulkPageSize: 2,
    fetch: async (input, init) => {
      note(`${init?.method ?? 'GET'} ${input.replace(serverUrl, '')}`);
      const response = await fetch(input, init);
      note(`<- ${response.status} ${(await response.clone().text()).slice(0, 120)}`);
      return response;
    },
    openEventSource: (url, headers) => {
      const source = openWithFetch()(url, headers);
      source.addEventListener('log', (event) => note(`event ${event.data}`));
      return source;
    },
  });
}

describe('@tagtime/client against a real server', () => {
  it('pairs with a console code and syncs one device’s answers to another', async () => {
    const userId = await makeUser(db);
    const code = await makePairingCode(db, userId);
    const paired = await new SyncApi(serverUrl, undefined).pair(code, 'laptop', 'cli');
    expect(paired.device).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    await expect(
      new SyncApi(serverUrl, undefined).pair(code, 'again', 'cli'),
    ).rejects.toBeInstanceOf(SyncError);
    const laptop = clientOf(paired);
    const phone = clientOf(await makeDevice(db, userId, 'phone'));
    await laptop.append([
      { kind: 'ping', body: { ping: 1700003368, tags: ['work'] } },
      { kind: 'ping', body: { ping: 1700003660, tags: ['read'] } },
      { kind: 'ping', body: { ping: 1700013932, tags: ['sleep'] } },
    ]);
    await phone.append([{ kind: 'ping', body: { ping: 1700009822, tags: ['eat'] } }]);
    expect(await laptop.push()).toMatchObject({ sent: 3, accepted: 3, duplicates: 0 });
    await phone.push();
    // Each gets the other's records only: its own, which the server acknowledged, stay there.
    expect(await laptop.pull()).toEqual({ received: 1, pages: 1 });
    const pulled = await phone.pull();
    expect(pulled).toEqual({ received: 3, pages: 2 });
    const answers = async (c: SyncClient) =>
      (await c.view()).answers().map((a) => `${a.ping}:${a.tags.join(' ')}`);
    expect(await answers(phone)).toEqual([
      '1700003368:work',
      '1700003660:read',
      '1700009822:eat',
      '1700013932:sleep',
    ]);
    expect(await answers(laptop)).toEqual(await answers(phone));
    expect(await laptop.heads()).toEqual({
      [paired.device]: (await laptop.store.lastOwnTime()) as number,
      [phone.device]: (await phone.store.lastOwnTime()) as number,
    });
  });

  it('follows the stream: another device’s push arrives without polling', async () => {
    const userId = await makeUser(db);
    const timeline: string[] = [];
    const watch = clientOf(await makeDevice(db, userId, 'watch'), timeline);
    const laptop = clientOf(await makeDevice(db, userId, 'laptop'), timeline);
    const states: string[] = [];
    const errors: unknown[] = [];
    const follower = laptop.follow({
      onState: (state) => {
        states.push(state);
        timeline.push(`${Date.now() % 100_000} state ${state}`);
      },
      onError: (error) => {
        errors.push(error);
        timeline.push(`${Date.now() % 100_000} error ${String(error)}`);
      },
    });
    try {
      await eventually('the stream is open', async () => states.includes('online'));
      await watch.append([{ kind: 'ping', body: { ping: 1700013932, tags: ['walk'] } }]);
      await watch.push();
      await eventually(
        'the laptop has the watch’s answer',
        async () => (await laptop.view()).answer(1700013932) !== undefined,
      ).catch((error: Error) => {
        throw new Error(`${error.message}; what happened:\n${timeline.join('\n')}`);
      });
      expect(errors).toEqual([]);
    } finally {
      follower.stop();
    }
    expect(states.at(-1)).toBe('stopped');
  });

  it('refuses a bad token plainly and keeps the records', async () => {
    const client = new SyncClient({
      device: 'nobody',
      store: new MemoryStore(),
      server: { url: serverUrl, token: 'not-a-token' },
      openEventSource: openWithFetch(),
    });
    await client.append([{ kind: 'event', body: { name: 'started', data: null } }]);
    await expect(client.push()).rejects.toMatchObject({ status: 401 });
    expect(await client.store.unackedCount()).toBe(1);
    const states: string[] = [];
    const errors: unknown[] = [];
    client.follow({ onState: (s) => states.push(s), onError: (e) => errors.push(e) });
    await eventually('the stream gave up', async () => states.includes('stopped'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(states).not.toContain('offline');
  });
});

describe('following across a server restart', () => {
  it('reconnects with backoff and pushes what was written while the server was down', async () => {
    let first = await startServer(db.url);
    const port = Number(new URL(first.url).port);
    const userId = await makeUser(db);
    const laptopDevice = await makeDevice(db, userId, 'laptop');
    const watchDevice = await makeDevice(db, userId, 'watch');
    const link = (d: { device: string; token: string }) =>
      new SyncClient({
        device: d.device,
        store: new MemoryStore(),
        server: { url: first.url, token: d.token },
        openEventSource: openWithFetch(),
      });
    const laptop = link(laptopDevice);
    const watch = link(watchDevice);
    const states: string[] = [];
    const follower = laptop.follow({
      backoff: { baseMs: 100, maxMs: 400 },
      onState: (state) => states.push(state),
      onError: () => undefined, // pushes fail while the server is down; following goes on
    });
    try {
      await eventually('the stream is open', async () => states.includes('online'));
      await first.stop();
      await eventually('the follower noticed', async () => states.includes('offline'));
      await laptop.append([{ kind: 'ping', body: { ping: 1700019178, tags: ['offline-answer'] } }]);
      expect(await laptop.store.unackedCount()).toBe(1);
      first = await startServer(db.url, { dataDir: first.dataDir, port });
      await eventually(
        'the laptop pushed after reconnecting',
        async () => (await laptop.store.unackedCount()) === 0,
      );
      await watch.pull();
      expect((await watch.view()).answer(1700019178)?.tags).toEqual(['offline-answer']);
      expect(states.filter((s) => s === 'online').length).toBeGreaterThanOrEqual(2);
    } finally {
      follower.stop();
      await first.stop();
      await removeDir(first.dataDir);
    }
  });
});
