import { type Cursor, canonicalJson, type LogRecord } from '@tagtime/log';
import type { IDBPTransaction } from 'idb';
import type { WebStoreSchema } from './schema.js';
import { refoldAll } from './view-take.js';

type Tx = IDBPTransaction<WebStoreSchema, ('own' | 'replica' | 'meta' | 'view')[], 'readwrite'>;

const parse = (json: string) => JSON.parse(json) as LogRecord;

/**
 * Makes the own log a new device's (a browser paired again after its device was revoked). A
 * revoked device's log stays on the server as it is, one of the person's logs: the records it
 * acknowledged move to the replica under their old device, with the pull's cursor at the last
 * of them, exactly as a pull would have brought them; the records it never acknowledged become
 * `device`'s, unacknowledged, so they are sent under it. The view is folded again, since the
 * records it names changed ids. Answers how many records changed device.
 */
export async function moveToNewDevice(
  tx: Tx,
  device: string,
  keys: { acked: string; cursor: string },
): Promise<number> {
  const own = tx.objectStore('own');
  const meta = tx.objectStore('meta');
  const records = (await own.getAll()).map(parse);
  const acked = (await meta.get(keys.acked)) as number | undefined;
  const cursor = { ...((await meta.get(keys.cursor)) as Cursor | undefined) };
  const kept = acked === undefined ? [] : records.filter((r) => r.t <= acked);
  const unsent = records.filter((r) => acked === undefined || r.t > acked);
  const writes: Promise<unknown>[] = [];
  for (const r of kept) {
    writes.push(tx.objectStore('replica').put(canonicalJson(r), [r.t, r.device]));
    cursor[r.device] = Math.max(cursor[r.device] ?? Number.NEGATIVE_INFINITY, r.t);
  }
  await own.clear();
  for (const r of unsent) {
    const moved = { ...r, device };
    writes.push(own.put(canonicalJson(moved), moved.t));
  }
  writes.push(meta.delete(keys.acked), meta.put(cursor, keys.cursor));
  await Promise.all(writes);
  await refoldAll(tx);
  return unsent.length;
}
