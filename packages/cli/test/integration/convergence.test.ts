// Devices go offline, answer the same and different pings, resend what the server already has,
// and come back in every order: afterwards every device shows the same view, and it is the view
// of all their records folded at once.
import { type FetchLike, MemoryStore, OfflineError, SyncApi, SyncClient } from '@tagtime/client';
import { foldLog, type LogRecord } from '@tagtime/log';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { makeDevice, makeUser, openTestDatabase, type TestDatabase } from './harness.js';

let db: TestDatabase;
let serverUrl: string;

beforeAll(async () => {
  db = openTestDatabase(inject('databaseUrl'));
  serverUrl = inject('serverUrl');
}, 90_000);

afterAll(async () => {
  await db?.drop();
});

const PINGS = [1700003368, 1700003660, 1700009822, 1700013932];
const TAGS = ['work', 'eat', 'read', 'walk'];

type Action =
  | { type: 'answer'; dev: number; ping: number; tags: string[]; auto: boolean }
  | { type: 'rename'; dev: number; from: string; to: string }
  | { type: 'delete'; dev: number; ping: number }
  | { type: 'online'; dev: number; online: boolean }
  | { type: 'push' | 'pull'; dev: number }
  | { type: 'resend'; dev: number; from: number };

const actionArb = (devices: number): fc.Arbitrary<Action> => {
  const dev = fc.nat(devices - 1);
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        type: fc.constant('answer' as const),
        dev,
        ping: fc.constantFrom(...PINGS),
        tags: fc.uniqueArray(fc.constantFrom(...TAGS), { minLength: 1, maxLength: 2 }),
        auto: fc.boolean(),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('rename' as const),
        dev,
        from: fc.constantFrom(...TAGS),
        to: fc.constantFrom(...TAGS),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('delete' as const),
        dev,
        ping: fc.constantFrom(...PINGS),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ type: fc.constant('online' as const), dev, online: fc.boolean() }),
    },
    {
      weight: 3,
      arbitrary: fc.record({ type: fc.constantFrom('push' as const, 'pull' as const), dev }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ type: fc.constant('resend' as const), dev, from: fc.nat(10) }),
    },
  );
};

const scenarioArb = fc.integer({ min: 2, max: 3 }).chain((devices) =>
  fc.record({
    devices: fc.constant(devices),
    pageSizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: devices, maxLength: devices }),
    actions: fc.array(actionArb(devices), { minLength: 5, maxLength: 30 }),
    comeBack: fc.shuffledSubarray([...Array(devices).keys()], { minLength: devices }),
  }),
);

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;

interface Sim {
  client: SyncClient;
  api: SyncApi;
  online: boolean;
}

async function runScenario(scenario: Scenario): Promise<void> {
  const userId = await makeUser(db);
  const sims: Sim[] = [];
  for (let i = 0; i < scenario.devices; i++) {
    const device = await makeDevice(db, userId, `device ${i}`);
    const sim = { online: true } as Sim;
    // Offline is a network that fails the way fetch fails when nothing answers.
    const fetch: FetchLike = (input, init) =>
      sim.online ? globalThis.fetch(input, init) : Promise.reject(new TypeError('fetch failed'));
    sim.client = new SyncClient({
      device: device.device,
      store: new MemoryStore(),
      server: { url: serverUrl, token: device.token },
      fetch,
      pageSize: scenario.pageSizes[i] ?? 2,
    });
    sim.api = new SyncApi(serverUrl, device.token);
    sims.push(sim);
  }
  const tolerateOffline = (error: unknown) => {
    if (!(error instanceof OfflineError)) throw error;
  };
  for (const action of scenario.actions) {
    const sim = sims[action.dev] as Sim;
    switch (action.type) {
      case 'answer':
        await sim.client.append([
          {
            kind: 'ping',
            body: action.auto
              ? { ping: action.ping, tags: action.tags, auto: true }
              : { ping: action.ping, tags: action.tags },
          },
        ]);
        break;
      case 'rename':
        await sim.client.append([
          { kind: 'command', body: { op: 'rename-tag', from: action.from, to: action.to } },
        ]);
        break;
      case 'delete':
        await sim.client.append([
          { kind: 'command', body: { op: 'delete-ping', ping: action.ping } },
        ]);
        break;
      case 'online':
        sim.online = action.online;
        break;
      case 'push':
        await sim.client.push().catch(tolerateOffline);
        break;
      case 'pull':
        await sim.client.pull().catch(tolerateOffline);
        break;
      case 'resend': {
        // A delivery repeated, as by a client that died before recording the acknowledgement.
        const acked = await sim.client.store.acked();
        if (!sim.online || acked === undefined) break;
        const sent = (await sim.client.store.ownRecords()).filter((r) => r.t <= acked);
        const again = sent.slice(Math.min(action.from, sent.length - 1));
        const answer = await sim.api.postRecords(again);
        expect(answer).toEqual({ accepted: 0, duplicates: again.length, head: acked });
        break;
      }
    }
  }
  for (const index of scenario.comeBack) {
    const sim = sims[index] as Sim;
    sim.online = true;
    await sim.client.push();
  }
  for (const index of scenario.comeBack) await (sims[index] as Sim).client.pull();

  const everything: LogRecord[] = [];
  for (const sim of sims) everything.push(...(await sim.client.store.ownRecords()));
  const expected = foldLog(everything);
  const heads = await (sims[0] as Sim).client.heads();
  for (const sim of sims) {
    const view = await sim.client.view();
    expect(view.answers()).toEqual(expected.answers());
    expect(view.size).toBe(everything.length);
    const last = await sim.client.store.lastOwnTime();
    if (last !== undefined) expect(heads[sim.client.device]).toBe(last);
  }
}

it('converges: every device ends with the same view, whatever the order of events', async () => {
  await fc.assert(fc.asyncProperty(scenarioArb, runScenario), { numRuns: 12 });
}, 240_000);
