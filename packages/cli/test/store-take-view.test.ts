// The CLI's LMDB store runs the take-view half of the store contract (@tagtime/client/testing),
// and shows that the state it takes is what it keeps.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeTakeViewContract } from '@tagtime/client/testing';
import { foldLog, type LogRecord } from '@tagtime/log';
import { afterAll, describe, expect, it } from 'vitest';
import { LmdbStore } from '../src/store/lmdb-store.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function storePath(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tagtime-take-'));
  dirs.push(dir);
  return join(dir, 'store');
}

describeTakeViewContract('LmdbStore', {
  place: storePath,
  open: (path) => LmdbStore.open(path),
  close: (store) => store.close(),
  answerTags: (store, ping) => store.answer(ping)?.tags,
});

const PING = 1700003368;

describe('LmdbStore: the taken view', () => {
  it('shows the taken view: a view that differs from the records is what the store then keeps', async () => {
    // The contract's property could fail: the store keeps the state it is given (it cannot refold it).
    const store = await LmdbStore.open(await storePath());
    const records: LogRecord[] = [
      { device: 'phone', t: 10, kind: 'ping', body: { ping: PING, tags: ['eat'] } },
    ];
    await store.putReplicaUnfolded(records, { phone: 10 });
    const differing: LogRecord = {
      device: 'phone',
      t: 10,
      kind: 'ping',
      body: { ping: PING, tags: ['x'] },
    };
    expect(await store.takeView(foldLog([differing]).state())).toBe(true);
    expect(store.answer(PING)?.tags).toEqual(['x']);
    await store.close();
  });
});
