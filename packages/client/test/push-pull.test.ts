import { describe, expect, it, vi } from 'vitest';
import { OfflineError, SyncClient, SyncError } from '../src/index.js';
import { MemoryStore } from '../src/memory-store.js';
import { type Call, padded, scriptedFetch } from './helpers.js';

const server = { url: 'http://server.test/', token: 'tok' };

function sentRecords(call: Call): { t: number }[] {
  return (call.body as { records: { t: number }[] }).records;
}

describe('SyncClient.append', () => {
  it('stamps strictly increasing times even when the clock stands still or steps back', async () => {
    const times = [1000, 1000, 900];
    const client = new SyncClient({
      device: 'd1',
      store: new MemoryStore(),
      now: () => times.shift() ?? 0,
    });
    await client.append([{ kind: 'ping', body: { ping: 1, tags: ['a'] } }]);
    await client.append([{ kind: 'ping', body: { ping: 2, tags: ['b'] } }]);
    await client.append([{ kind: 'ping', body: { ping: 3, tags: ['c'] } }]);
    expect((await client.store.ownRecords()).map((r) => r.t)).toEqual([1000, 1001, 1002]);
  });

  it('refuses an invalid record with the rule it breaks and stores nothing', async () => {
    const client = new SyncClient({ device: 'd1', store: new MemoryStore(), now: () => 5 });
    await expect(
      client.append([
        { kind: 'ping', body: { ping: 1, tags: ['ok'] } },
        { kind: 'ping', body: { ping: 2, tags: ['not ok'] } },
      ]),
    ).rejects.toThrow('records[1].body.tags[0]: tag must not contain whitespace');
    expect(await client.store.ownRecords()).toEqual([]);
    await client.append([{ kind: 'ping', body: { ping: 1, tags: ['ok'] } }]);
    expect((await client.store.ownRecords()).map((r) => r.t)).toEqual([5]);
  });
});

describe('SyncClient.push', () => {
  it('sends unacknowledged records in batches and acknowledges each from its answer', async () => {
    const store = new MemoryStore();
    await store.appendOwn(Array.from({ length: 300 }, (_, i) => padded('d1', i + 1, 7000)));
    const { fetch, calls } = scriptedFetch((call) => {
      const records = sentRecords(call);
      return {
        status: 200,
        json: { accepted: records.length, duplicates: 0, head: records.at(-1)?.t },
      };
    });
    const client = new SyncClient({ device: 'd1', store, server, fetch });
    const result = await client.push();
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.every((c) => c.url === 'http://server.test/v1/records')).toBe(true);
    expect(calls[0]?.headers.authorization).toBe('Bearer tok');
    expect(calls.flatMap(sentRecords).map((r) => r.t)).toEqual(
      Array.from({ length: 300 }, (_, i) => i + 1),
    );
    expect(result).toMatchObject({
      sent: 300,
      accepted: 300,
      duplicates: 0,
      batches: calls.length,
    });
    expect(await store.acked()).toBe(300);
    expect(await store.unackedCount()).toBe(0);
  });

  it('keeps the failed batch and everything after it unacknowledged, then resends it', async () => {
    const store = new MemoryStore();
    await store.appendOwn(Array.from({ length: 300 }, (_, i) => padded('d1', i + 1, 7000)));
    let failing = true;
    const { fetch, calls } = scriptedFetch((call, index) => {
      if (index === 1 && failing) return new TypeError('fetch failed');
      const records = sentRecords(call);
      return {
        status: 200,
        json: { accepted: records.length, duplicates: 0, head: records.at(-1)?.t },
      };
    });
    const client = new SyncClient({ device: 'd1', store, server, fetch });
    await expect(client.push()).rejects.toBeInstanceOf(OfflineError);
    const firstBatch = sentRecords(calls[0] as Call);
    expect(await store.acked()).toBe(firstBatch.at(-1)?.t);
    failing = false;
    await client.push();
    expect(sentRecords(calls[2] as Call)[0]?.t).toBe((firstBatch.at(-1)?.t ?? 0) + 1);
    expect(await store.unackedCount()).toBe(0);
  });

  it('runs concurrent pushes one after another without sending a record twice', async () => {
    const store = new MemoryStore();
    await store.appendOwn([padded('d1', 1, 10), padded('d1', 2, 10)]);
    const { fetch, calls } = scriptedFetch((call) => {
      const records = sentRecords(call);
      return {
        status: 200,
        json: { accepted: records.length, duplicates: 0, head: records.at(-1)?.t },
      };
    });
    const client = new SyncClient({ device: 'd1', store, server, fetch });
    const results = await Promise.all([client.push(), client.push(), client.push()]);
    expect(calls).toHaveLength(1);
    expect(results.map((r) => r.sent)).toEqual([2, 0, 0]);
  });

  it('does not acknowledge when the server reports an error or a head short of the batch', async () => {
    const store = new MemoryStore();
    await store.appendOwn([padded('d1', 1, 10), padded('d1', 2, 10)]);
    const conflict = scriptedFetch(() => ({
      status: 409,
      json: { error: { code: 'conflict', message: 'records[0] differs from the stored record' } },
    }));
    const client = new SyncClient({ device: 'd1', store, server, fetch: conflict.fetch });
    const error = await client.push().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect(error).toMatchObject({ status: 409, code: 'conflict' });
    expect((error as Error).message).toBe(
      'POST /v1/records failed (409): records[0] differs from the stored record',
    );
    const short = scriptedFetch(() => ({
      status: 200,
      json: { accepted: 1, duplicates: 0, head: 1 },
    }));
    const client2 = new SyncClient({ device: 'd1', store, server, fetch: short.fetch });
    await expect(client2.push()).rejects.toThrow('head 1 after storing records up to 2');
    expect(await store.acked()).toBeUndefined();
  });

  it('says plainly that an unpaired device cannot sync', async () => {
    const client = new SyncClient({ device: 'd1', store: new MemoryStore() });
    expect(() => client.push()).toThrow('cannot push: this device is not paired with a server yet');
  });
});

describe('SyncClient.pull', () => {
  it('follows pages with the cursor, keeps other devices, and stores the cursor', async () => {
    const store = new MemoryStore();
    const { fetch, calls } = scriptedFetch((_call, index) =>
      index === 0
        ? {
            status: 200,
            json: {
              records: [padded('d2', 5, 1), padded('d1', 6, 1)],
              cursor: 'd1:6,d2:5',
              more: true,
            },
          }
        : {
            status: 200,
            json: { records: [padded('d3', 7, 1)], cursor: 'd1:6,d2:5,d3:7', more: false },
          },
    );
    const client = new SyncClient({
      device: 'd1',
      store,
      server,
      fetch,
      pageSize: 2,
      bulkPageSize: 3,
    });
    const progress: unknown[] = [];
    expect(await client.pull({ onProgress: (p) => progress.push(p) })).toEqual({
      received: 2,
      pages: 2,
    });
    expect(progress).toEqual([
      { received: 1, pages: 1, firstT: 5, lastT: 6 },
      { received: 2, pages: 2, firstT: 5, lastT: 7 },
    ]);
    // The replica was empty: a first sync asks for the bigger pages. The first page says how
    // many own records the device still holds unsent (support's "behind").
    expect(calls.map((c) => decodeURIComponent(c.url))).toEqual([
      'http://server.test/v1/records?after=&limit=3&unsent=0',
      'http://server.test/v1/records?after=d1:6,d2:5&limit=3',
    ]);
    expect((await store.replicaRecords()).map((r) => `${r.device}:${r.t}`)).toEqual([
      'd2:5',
      'd3:7',
    ]);
    expect(await store.cursor()).toEqual({ d1: 6, d2: 5, d3: 7 });
  });

  it('asks for its own log only after what the server acknowledged, and pages normally once it has a replica', async () => {
    const store = new MemoryStore();
    await store.appendOwn([padded('d1', 4, 1), padded('d1', 6, 1), padded('d1', 8, 1)]);
    await store.setAcked(6);
    await store.putReplica([padded('d2', 5, 1)], { d2: 5 });
    const { fetch, calls } = scriptedFetch(() => ({
      status: 200,
      json: { records: [], cursor: 'd1:6,d2:5', more: false },
    }));
    const client = new SyncClient({ device: 'd1', store, server, fetch, pageSize: 2 });
    await client.pull();
    expect(decodeURIComponent(calls[0]?.url ?? '')).toBe(
      'http://server.test/v1/records?after=d1:6,d2:5&limit=2&unsent=1',
    );
  });

  it('fetches the next page while it stores the last one', async () => {
    const events: string[] = [];
    const store = new MemoryStore();
    const putReplica = store.putReplica.bind(store);
    store.putReplica = async (records, cursor) => {
      events.push(`store ${records.map((r) => r.t).join(',')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await putReplica(records, cursor);
    };
    const pages = [
      { records: [padded('d2', 1, 1)], cursor: 'd2:1', more: true },
      { records: [padded('d2', 2, 1)], cursor: 'd2:2', more: true },
      { records: [padded('d2', 3, 1)], cursor: 'd2:3', more: false },
    ];
    const { fetch } = scriptedFetch((_call, index) => {
      events.push(`fetch ${index + 1}`);
      return { status: 200, json: pages[index] };
    });
    const client = new SyncClient({ device: 'd1', store, server, fetch });
    expect(await client.pull()).toEqual({ received: 3, pages: 3 });
    expect(events).toEqual(['fetch 1', 'fetch 2', 'store 1', 'fetch 3', 'store 2', 'store 3']);
    expect(await store.cursor()).toEqual({ d2: 3 });
  });

  it('keeps what it stored when a later page fails', async () => {
    const store = new MemoryStore();
    const { fetch } = scriptedFetch((_call, index) =>
      index === 0
        ? { status: 200, json: { records: [padded('d2', 1, 1)], cursor: 'd2:1', more: true } }
        : new TypeError('fetch failed'),
    );
    const client = new SyncClient({ device: 'd1', store, server, fetch });
    await expect(client.pull()).rejects.toBeInstanceOf(OfflineError);
    expect(await store.cursor()).toEqual({ d2: 1 });
    expect((await store.replicaRecords()).map((r) => r.t)).toEqual([1]);
  });

  it('refuses an invalid record from the server and keeps the old cursor', async () => {
    const store = new MemoryStore();
    const { fetch } = scriptedFetch(() => ({
      status: 200,
      json: {
        records: [{ device: 'd2', t: 1, kind: 'nope', body: {} }],
        cursor: 'd2:1',
        more: false,
      },
    }));
    const client = new SyncClient({ device: 'd1', store, server, fetch });
    await expect(client.pull()).rejects.toThrow(
      'GET /v1/records answered a malformed body (records[0].kind: ',
    );
    expect(await store.cursor()).toEqual({});
  });
});

describe('SyncClient.follow', () => {
  it('syncs when the stream opens and pulls on another device’s event, with no callbacks given', async () => {
    const store = new MemoryStore();
    await store.appendOwn([padded('d1', 1, 10)]);
    let pulls = 0;
    const { fetch, calls } = scriptedFetch((call) => {
      if (call.method === 'POST')
        return { status: 200, json: { accepted: 1, duplicates: 0, head: 1 } };
      pulls++;
      return { status: 200, json: { records: [], cursor: '', more: false } };
    });
    const listeners = new Map<string, (event: MessageEvent) => void>();
    const source = {
      onopen: null as ((event: Event) => unknown) | null,
      onerror: null as ((event: Event) => unknown) | null,
      addEventListener: (type: string, listener: (event: MessageEvent) => void) =>
        listeners.set(type, listener),
      close: () => undefined,
    };
    const client = new SyncClient({
      device: 'd1',
      store,
      server,
      fetch,
      openEventSource: () => source,
    });
    const follower = client.follow();
    source.onopen?.(new Event('open'));
    await vi.waitFor(() => expect(pulls).toBe(1));
    expect(calls.map((c) => c.method)).toEqual(['POST', 'GET']);
    listeners.get('log')?.(new MessageEvent('log', { data: '{"device":"d1","head":1}' }));
    listeners.get('log')?.(new MessageEvent('log', { data: '{"device":"d2","head":9}' }));
    await vi.waitFor(() => expect(pulls).toBe(2));
    follower.stop();
    expect(calls.map((c) => c.method)).toEqual(['POST', 'GET', 'GET']);
  });

  it('refuses to follow without a stream opener, naming the option, and calls nothing', () => {
    const { fetch, calls } = scriptedFetch(() => ({ status: 500, json: {} }));
    const client = new SyncClient({ device: 'd1', store: new MemoryStore(), server, fetch });
    expect(() => client.follow()).toThrow(/openEventSource/);
    expect(calls).toEqual([]);
  });
});
